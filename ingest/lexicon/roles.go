package lexicon

// Role says what a cue word does for extraction. Every word list of the
// cue files (data/cues.tsv, data/layout.tsv, data/orgs.tsv) is a set of
// words with one role; the loader refuses a role it does not know, so a
// typo in a data file fails the package tests instead of silently emptying
// a list.
type Role string

// The roles, grouped by the stage that reads them.
const (
	// Layout: lines and bylines.
	RoleFurniture Role = "furniture" // a line that is site furniture (图片, 打印)
	RoleKicker    Role = "kicker"    // a section label printed above articles (代表委员说)
	RoleReporter  Role = "reporter"  // a byline's role word before the writers' names (记者)
	RoleMetaKey   Role = "meta_key"  // the key of a metadata line (发布时间:, 来源:)

	// People.
	RoleSpeech      Role = "speech"       // a speaker's verb after a name (表示)
	RoleView        Role = "view"         // a verb that states its subject's view (相信): reported speech, no proposal
	RoleFollow      Role = "follow"       // a word that may follow a person's name directly
	RoleLeaderGroup Role = "leader_group" // officials named as a group after or before a list (县领导)
	RoleRollCall    Role = "roll_call"    // introduces a list of the officials present (主席台就座的有)

	// Proposals.
	RolePropose Role = "propose" // a verb that introduces a proposal (建议)
	RoleFraming Role = "framing" // opens a clause that frames a proposal rather than making it (围绕)
	RoleFiller  Role = "filler"  // opens a proposal without adding to it (可以, 应当)

	// Goals.
	RoleGoalVerb      Role = "goalverb"       // a verb that sets a goal when followed by a target
	RoleIntensifier   Role = "intensifier"    // a word before a goal verb that marks a future task
	RoleTaskVerb      Role = "task_verb"      // a verb that opens a task phrase (推进, 打造, 提升)
	RoleResolve       Role = "resolve"        // marks what follows as a plan or resolve (将, 要, 力争)
	RolePlanHeading   Role = "plan_heading"   // a heading word of a section of tasks (工作安排)
	RoleReviewHeading Role = "review_heading" // a heading word of a section of achievements (回顾)
	RoleLeadIn        Role = "lead_in"        // points ahead to a list (以下, 如下): the phrase introduces tasks, it is none

	// Organisations.
	RoleOrgSuffix     Role = "orgsuffix"      // the last word of an organisation's name
	RoleCompanySuffix Role = "company_suffix" // the last word of a firm's name: brands may be ordinary words
	RoleGeneric       Role = "generic"        // a word that ends a name when reading leftwards (龙头企业, 全市)
	RoleOrgListKind   Role = "org_list_kind"  // closes a list whose items are organisations (等龙头企业)
	RoleLandmark      Role = "landmark"       // what a place lends its name to without being meant (公园, 路)
	RoleCentreScope   Role = "centre_scope"   // opens a centre a place serves as, not a body (国际航运中心, 区域中心)

	// Industries.
	RoleSectorWord Role = "sector_word" // makes a context-mode industry a sector when it follows (产业)
	RoleSectorHead Role = "sector_head" // an industry that a modifier narrows into a field of its own (新材料: 金属新材料)
	RoleScopeWord  Role = "scope_word"  // a level or extent before a field that narrows it to no field (国家能源, 新一轮农业)
)

// roleDocs documents each role; it is also the set the loader accepts.
var roleDocs = map[Role]string{
	RoleFurniture: "site furniture line", RoleKicker: "section label", RoleReporter: "byline role word",
	RoleMetaKey: "metadata key", RoleSpeech: "speech verb", RoleView: "view verb", RoleFollow: "follows a name",
	RoleLeaderGroup: "group of officials", RoleRollCall: "roll call", RolePropose: "proposal verb", RoleFraming: "framing opener",
	RoleFiller: "filler opener", RoleGoalVerb: "goal verb", RoleIntensifier: "intensifier",
	RoleTaskVerb: "task verb", RoleResolve: "resolve marker", RolePlanHeading: "plan heading", RoleReviewHeading: "review heading", RoleLeadIn: "lead-in",
	RoleOrgSuffix: "organisation suffix", RoleCompanySuffix: "company suffix", RoleGeneric: "generic word",
	RoleOrgListKind: "organisation list kind", RoleLandmark: "landmark", RoleSectorWord: "sector word", RoleSectorHead: "sector head",
	RoleScopeWord: "scope word", RoleCentreScope: "centre scope",
}

// cueFiles hold role-word rows (role<TAB>word).
var cueFiles = []string{"data/cues.tsv", "data/layout.tsv", "data/orgs.tsv"}
