package lexicon

// Role says what a cue word does for extraction. Every word list of the
// cue files (data/cues.tsv, data/layout.tsv, data/orgs.tsv) is a set of
// words with one role; the loader refuses a role it does not know, so a
// typo in a data file fails the package tests instead of silently emptying
// a list.
type Role uint8

// The roles, grouped by the stage that reads them.
const (
	// Layout: lines and bylines.
	RoleFurniture Role = iota + 1 // a line that is site furniture (图片, 打印)
	RoleKicker                    // a section label printed above articles (代表委员说)
	RoleReporter                  // a byline's role word before the writers' names (记者)
	RoleMetaKey                   // the key of a metadata line (发布时间:, 来源:)
	RoleAsker                     // labels the interviewer's turn of a transcript (记者:, 问:)
	RoleAnswerer                  // labels the interviewee's turn without naming them (答:)

	// People.
	RoleSpeech      // a speaker's verb after a name (表示)
	RoleView        // a verb that states its subject's view (相信): reported speech, no proposal
	RoleFollow      // a word that may follow a person's name directly
	RoleLeaderGroup // officials named as a group after or before a list (县领导)
	RoleRollCall    // introduces a list of the officials present (主席台就座的有)

	// Proposals.
	RolePropose // a verb that introduces a proposal (建议)
	RoleFraming // opens a clause that frames a proposal rather than making it (围绕)
	RoleFiller  // opens a proposal without adding to it (可以, 应当)

	// Goals.
	RoleGoalVerb      // a verb that sets a goal when followed by a target
	RoleIntensifier   // a word before a goal verb that marks a future task
	RoleTaskVerb      // a verb that opens a task phrase (推进, 打造, 提升)
	RoleResolve       // marks what follows as a plan or resolve (将, 要, 力争)
	RolePlanHeading   // a heading word of a section of tasks (工作安排)
	RoleReviewHeading // a heading word of a section of achievements (回顾)
	RoleLeadIn        // points ahead to a list (以下, 如下): the phrase introduces tasks, it is none
	RoleInterrogative // asks (哪里, 怎么): a quotation holding one is a question, no slogan
	RoleGovSubject    // a subject that governs (政府, 我们, 全省): what it resolves to do is a task

	// Organisations.
	RoleOrgSuffix     // the last word of an organisation's name
	RoleCompanySuffix // the last word of a firm's name: brands may be ordinary words
	RoleGeneric       // a word that ends a name when reading leftwards (龙头企业, 全市)
	RoleOrgListKind   // closes a list whose items are organisations (等龙头企业)
	RoleLandmark      // what a place lends its name to without being meant (公园, 路)
	RoleCentreScope   // opens a centre a place serves as, not a body (国际航运中心, 区域中心)

	// Industries.
	RoleSectorWord // makes a context-mode industry a sector when it follows (产业)
	RoleSectorHead // an industry that a modifier narrows into a field of its own (新材料: 金属新材料)
	RoleScopeWord  // a level or extent before a field that narrows it to no field (国家能源, 新一轮农业)
	roleEnd        // one past the last role
)

// roleNames are the roles as data files name them.
var roleNames = map[Role]string{
	RoleFurniture:     "furniture",
	RoleKicker:        "kicker",
	RoleReporter:      "reporter",
	RoleMetaKey:       "meta_key",
	RoleAsker:         "asker",
	RoleAnswerer:      "answerer",
	RoleSpeech:        "speech",
	RoleView:          "view",
	RoleFollow:        "follow",
	RoleLeaderGroup:   "leader_group",
	RoleRollCall:      "roll_call",
	RolePropose:       "propose",
	RoleFraming:       "framing",
	RoleFiller:        "filler",
	RoleGoalVerb:      "goalverb",
	RoleIntensifier:   "intensifier",
	RoleTaskVerb:      "task_verb",
	RoleResolve:       "resolve",
	RolePlanHeading:   "plan_heading",
	RoleReviewHeading: "review_heading",
	RoleLeadIn:        "lead_in",
	RoleInterrogative: "interrogative",
	RoleGovSubject:    "gov_subject",
	RoleOrgSuffix:     "orgsuffix",
	RoleCompanySuffix: "company_suffix",
	RoleGeneric:       "generic",
	RoleOrgListKind:   "org_list_kind",
	RoleLandmark:      "landmark",
	RoleCentreScope:   "centre_scope",
	RoleSectorWord:    "sector_word",
	RoleSectorHead:    "sector_head",
	RoleScopeWord:     "scope_word",
}

// String returns the role as data files name it.
func (r Role) String() string { return roleNames[r] }

// roleDocs documents each role; it is also the set the loader accepts.
var roleDocs = map[Role]string{
	RoleFurniture: "site furniture line", RoleKicker: "section label", RoleReporter: "byline role word",
	RoleMetaKey: "metadata key", RoleAsker: "interviewer's turn label", RoleAnswerer: "interviewee's turn label", RoleSpeech: "speech verb", RoleView: "view verb", RoleFollow: "follows a name",
	RoleLeaderGroup: "group of officials", RoleRollCall: "roll call", RolePropose: "proposal verb", RoleFraming: "framing opener",
	RoleFiller: "filler opener", RoleGoalVerb: "goal verb", RoleIntensifier: "intensifier",
	RoleTaskVerb: "task verb", RoleResolve: "resolve marker", RolePlanHeading: "plan heading", RoleReviewHeading: "review heading", RoleLeadIn: "lead-in", RoleInterrogative: "interrogative", RoleGovSubject: "governing subject",
	RoleOrgSuffix: "organisation suffix", RoleCompanySuffix: "company suffix", RoleGeneric: "generic word",
	RoleOrgListKind: "organisation list kind", RoleLandmark: "landmark", RoleSectorWord: "sector word", RoleSectorHead: "sector head",
	RoleScopeWord: "scope word", RoleCentreScope: "centre scope",
}

// cueFiles hold role-word rows (role<TAB>word).
var cueFiles = []string{"data/cues.tsv", "data/layout.tsv", "data/orgs.tsv"}

// roleByName reads a role as data files name it.
var roleByName = func() map[string]Role {
	m := make(map[string]Role, len(roleNames))
	for r, n := range roleNames {
		m[n] = r
	}
	return m
}()
