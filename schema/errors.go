package schema

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
)

// Error codes in errors[].extensions.code.
const (
	CodeBadRequest       = "BAD_REQUEST"
	CodeParseFailed      = "GRAPHQL_PARSE_FAILED"
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	CodeDepthLimit       = "DEPTH_LIMIT_EXCEEDED"
	CodeComplexityLimit  = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeAliasLimit       = "ALIAS_LIMIT_EXCEEDED"
	CodeTokenLimit       = "TOKEN_LIMIT_EXCEEDED"
	CodeSelectionLimit   = "SELECTION_LIMIT_EXCEEDED"
	CodeStoreUnavailable = "STORE_UNAVAILABLE"
	CodeArgumentLimit    = "ARGUMENT_LIMIT_EXCEEDED"
	CodeIntrospection    = "INTROSPECTION_DISABLED"
	CodeBadUserInput     = "BAD_USER_INPUT"
	CodeNotFound         = "NOT_FOUND"
	CodeUnauthenticated  = "UNAUTHENTICATED"
	CodeTimeout          = "TIMEOUT"
	CodeInternal         = "INTERNAL_SERVER_ERROR"
	CodePayloadTooLarge  = "PAYLOAD_TOO_LARGE"
	CodeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
	CodeNotAcceptable    = "NOT_ACCEPTABLE"
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
)

// publicError is an error whose message is fit for clients. Every error a
// resolver returns is turned into one (see reqInfo.public), so graphql-go,
// which copies err.Error() into the response, never sees store or driver
// text.
type publicError struct {
	msg  string
	code string
	ext  map[string]any
}

func (e *publicError) Error() string { return e.msg }

// Extensions implements gqlerrors.ExtendedError.
func (e *publicError) Extensions() map[string]interface{} {
	out := map[string]interface{}{"code": e.code}
	for k, v := range e.ext {
		out[k] = v
	}
	return out
}

func userErr(code, format string, a ...any) *publicError {
	return &publicError{msg: fmt.Sprintf(format, a...), code: code}
}

// reqInfo is a request's identity and counters, in its context.
type reqInfo struct {
	id         string
	log        zerolog.Logger
	timeout    string
	roundTrips atomic.Int64
}

type reqKey struct{}

func withReq(ctx context.Context, r *reqInfo) context.Context {
	return context.WithValue(ctx, reqKey{}, r)
}

func reqFrom(ctx context.Context) *reqInfo {
	if r, ok := ctx.Value(reqKey{}).(*reqInfo); ok {
		return r
	}
	return &reqInfo{id: "-", log: zerolog.Nop()}
}

// public converts any error for clients: bad input and missing nodes keep
// their (contract-level) message, timeouts say so, and anything else is
// logged in full with the request id and shown as an internal error that
// names only the request id.
func (r *reqInfo) public(err error) error {
	var pe *publicError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, graph.ErrUnavailable):
		// Checked before the context errors: a call the store abandoned
		// when its server went away may carry a cancellation too.
		r.log.Warn().Err(err).Str("request_id", r.id).Msg("graphql: store unavailable")
		return storeUnavailableErr()
	case errors.Is(err, context.DeadlineExceeded):
		return userErr(CodeTimeout, "the request took longer than %s and was stopped", r.timeout)
	case errors.Is(err, context.Canceled):
		return userErr(CodeTimeout, "the request was cancelled")
	case errors.Is(err, graph.ErrInvalid):
		return userErr(CodeBadUserInput, "%s", err.Error())
	case errors.Is(err, graph.ErrNotFound):
		return userErr(CodeNotFound, "%s", err.Error())
	}
	r.log.Error().Err(err).Str("request_id", r.id).Msg("graphql internal error")
	return &publicError{msg: "internal error; quote request id " + r.id + " when reporting it", code: CodeInternal,
		ext: map[string]any{"requestId": r.id}}
}

func storeUnavailableErr() *publicError {
	return userErr(CodeStoreUnavailable, "the graph database is unavailable; try again shortly")
}

// storeUnavailable is the request error while the store reports itself
// unavailable; the reason is a word (unreachable, timeout...), never the
// driver's text.
func storeUnavailable(st graph.Health) gqlerrors.FormattedError {
	e := formatted(CodeStoreUnavailable, fmt.Sprintf("the graph database is unavailable (%s since %s); try again shortly",
		st.Reason, st.Since.UTC().Format(time.RFC3339)))
	e.Extensions["reason"] = st.Reason
	return e
}

// recovered turns a panic into an internal error, keeping the stack in the
// log only.
func (r *reqInfo) recovered(v any) error {
	buf := make([]byte, 8<<10)
	buf = buf[:runtime.Stack(buf, false)]
	r.log.Error().Str("request_id", r.id).Interface("panic", v).Bytes("stack", buf).Msg("graphql panic")
	return &publicError{msg: "internal error; quote request id " + r.id + " when reporting it", code: CodeInternal,
		ext: map[string]any{"requestId": r.id}}
}

// formatted builds a client error with a code.
func formatted(code, msg string) gqlerrors.FormattedError {
	return gqlerrors.FormattedError{Message: msg, Extensions: map[string]interface{}{"code": code}}
}

// findPublic digs the publicError out of graphql-go's wrappers (a thunk's
// error arrives as FormattedError inside *Error inside FormattedError).
func findPublic(err error) *publicError {
	for depth := 0; err != nil && depth < 8; depth++ {
		var pe *publicError
		if errors.As(err, &pe) {
			return pe
		}
		switch e := err.(type) {
		case gqlerrors.FormattedError:
			err = e.OriginalError()
		case *gqlerrors.FormattedError:
			err = e.OriginalError()
		case *gqlerrors.Error:
			err = e.OriginalError
		case gqlerrors.Error:
			err = e.OriginalError
		default:
			return nil
		}
	}
	return nil
}

// finishErrors gives every error of an execution result its code and
// keeps graphql-go's own messages (non-null violations and the like, which
// carry no internals). A context error that graphql-go raised itself when
// the deadline passed becomes a TIMEOUT.
func (r *reqInfo) finishErrors(errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	for i := range errs {
		e := &errs[i]
		if pe := findPublic(e); pe != nil {
			e.Message = pe.msg
			e.Extensions = pe.Extensions()
			continue
		}
		if orig := e.OriginalError(); orig != nil && (errors.Is(orig, context.DeadlineExceeded) || errors.Is(orig, context.Canceled)) {
			pe := r.public(orig).(*publicError)
			e.Message, e.Extensions = pe.msg, pe.Extensions()
			continue
		}
		if e.Extensions == nil {
			e.Extensions = map[string]interface{}{"code": CodeInternal}
		}
	}
	return errs
}
