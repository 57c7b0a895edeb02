package schema

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/graphql-go/graphql"
)

// PrintSchema renders a schema as SDL. graphql-go v0.8.1 has no printer,
// and its type maps are Go maps, so everything is printed in name order:
// the output is stable and can be committed and diffed (schema.graphql).
func PrintSchema(s graphql.Schema) string {
	var b strings.Builder
	tm := s.TypeMap()
	names := make([]string, 0, len(tm))
	for n := range tm {
		if strings.HasPrefix(n, "__") {
			continue
		}
		switch n {
		case "String", "Int", "Float", "Boolean", "ID":
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	b.WriteString("schema {\n  query: " + s.QueryType().Name() + "\n")
	if m := s.MutationType(); m != nil {
		b.WriteString("  mutation: " + m.Name() + "\n")
	}
	b.WriteString("}\n")
	for _, n := range names {
		b.WriteString("\n")
		switch t := tm[n].(type) {
		case *graphql.Object:
			desc(&b, "", t.Description())
			b.WriteString("type " + n)
			if ifs := t.Interfaces(); len(ifs) > 0 {
				var in []string
				for _, i := range ifs {
					in = append(in, i.Name())
				}
				sort.Strings(in)
				b.WriteString(" implements " + strings.Join(in, " & "))
			}
			printFields(&b, t.Fields())
		case *graphql.Interface:
			desc(&b, "", t.Description())
			b.WriteString("interface " + n)
			printFields(&b, t.Fields())
		case *graphql.InputObject:
			desc(&b, "", t.Description())
			b.WriteString("input " + n + " {\n")
			fs := t.Fields()
			for _, fn := range slices.Sorted(maps.Keys(fs)) {
				f := fs[fn]
				desc(&b, "  ", f.Description())
				b.WriteString("  " + fn + ": " + f.Type.String() + defaultValue(f.Type, f.DefaultValue) + "\n")
			}
			b.WriteString("}\n")
		case *graphql.Enum:
			desc(&b, "", t.Description())
			b.WriteString("enum " + n + " {\n")
			vals := append([]*graphql.EnumValueDefinition(nil), t.Values()...)
			sort.Slice(vals, func(i, j int) bool { return vals[i].Name < vals[j].Name })
			for _, v := range vals {
				desc(&b, "  ", v.Description)
				b.WriteString("  " + v.Name + "\n")
			}
			b.WriteString("}\n")
		case *graphql.Scalar:
			desc(&b, "", t.Description())
			b.WriteString("scalar " + n + "\n")
		case *graphql.Union:
			desc(&b, "", t.Description())
			var ms []string
			for _, o := range t.Types() {
				ms = append(ms, o.Name())
			}
			sort.Strings(ms)
			b.WriteString("union " + n + " = " + strings.Join(ms, " | ") + "\n")
		}
	}
	return b.String()
}

func printFields(b *strings.Builder, fs graphql.FieldDefinitionMap) {
	b.WriteString(" {\n")
	for _, fn := range slices.Sorted(maps.Keys(fs)) {
		f := fs[fn]
		desc(b, "  ", f.Description)
		b.WriteString("  " + fn)
		if len(f.Args) > 0 {
			args := append([]*graphql.Argument(nil), f.Args...)
			sort.Slice(args, func(i, j int) bool { return args[i].Name() < args[j].Name() })
			b.WriteString("(\n")
			for _, a := range args {
				desc(b, "    ", a.Description())
				b.WriteString("    " + a.Name() + ": " + a.Type.String() + defaultValue(a.Type, a.DefaultValue) + "\n")
			}
			b.WriteString("  )")
		}
		b.WriteString(": " + f.Type.String())
		if f.DeprecationReason != "" {
			b.WriteString(" @deprecated(reason: " + quote(f.DeprecationReason) + ")")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
}

func desc(b *strings.Builder, indent, d string) {
	if d == "" {
		return
	}
	if !strings.Contains(d, "\n") && !strings.Contains(d, `"`) {
		b.WriteString(indent + `"""` + d + `"""` + "\n")
		return
	}
	b.WriteString(indent + `"""` + "\n")
	for _, line := range strings.Split(d, "\n") {
		b.WriteString(indent + strings.ReplaceAll(line, `"""`, `\"""`) + "\n")
	}
	b.WriteString(indent + `"""` + "\n")
}

// defaultValue is " = v" in SDL: an enum value bare, a string quoted.
func defaultValue(t graphql.Type, v interface{}) string {
	if v == nil {
		return ""
	}
	if _, ok := graphql.GetNamed(t).(*graphql.Enum); ok {
		return fmt.Sprintf(" = %v", v)
	}
	switch x := v.(type) {
	case string:
		return " = " + quote(x)
	case int, int64, float64, bool:
		return fmt.Sprintf(" = %v", x)
	}
	return fmt.Sprintf(" = %v", v)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
