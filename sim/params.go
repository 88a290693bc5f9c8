package sim

// Params is the full parameter set of the model. Every field is reachable
// from a scenario file under the section and key given by its toml tag
// (for example [fiscal] patronage_weight); the engine itself knows no file
// format. Fields carry `min` and `max` tags with their admissible range and
// `enum` tags listing admissible words; Validate checks a Params against
// them and more, and the engine refuses values they do not admit.
//
// Sources of defaults are given in docs/ODD.md; "seed fact" refers to the
// observed Kazakh figures in the model brief.
type Params struct {
	World         WorldParams         `toml:"world"`
	Institutions  InstitutionParams   `toml:"institutions"`
	Fiscal        FiscalParams        `toml:"fiscal"`
	Oversight     OversightParams     `toml:"oversight"`
	Participation ParticipationParams `toml:"participation"`
	Unrest        UnrestParams        `toml:"unrest"`
	Behavior      BehaviorParams      `toml:"behavior"`
	Superior      SuperiorParams      `toml:"superior"`
	Deputies      DeputyParams        `toml:"deputies"`
	Candidates    CandidateParams     `toml:"candidates"`
	// Classic is used only by the classic model (meta.model =
	// "classic_epstein"): Epstein's Model I on a grid, for docking.
	Classic ClassicParams `toml:"classic"`
	// Parties are the parties that nominate candidates, the ruling party
	// first (parties.go). Events cannot change them.
	Parties []Party `toml:"parties"`
	// Events are scheduled rule changes and shocks, applied at the start
	// of their month in the order given.
	Events []Event `toml:"events"`
	// Units, when not empty, are the rural units the world is built from
	// (a units file, world.units_file, which the scenarios package reads);
	// otherwise GenerateUnits draws them from the [world] parameters.
	Units []UnitSpec `toml:"-"`
}

// World sets how the territory and its people are generated.
type WorldParams struct {
	// OblastTable is how oblasts differ: "kazakhstan", the 17 oblasts of
	// 2022 with their districts, places, areas, rural populations,
	// incomes, birth and death rates and age structures (approximate
	// public statistics; OblastTable), or "uniform": world.oblasts
	// oblasts of world.districts_per_oblast districts, all with the
	// national values.
	OblastTable string `toml:"oblast_table" enum:"kazakhstan,uniform"`
	// UnitsFile is a units file (CSV, one row per unit: oblast,
	// district, name, type, population and optional position, income,
	// settlements and age structure) or the name of an embedded table to
	// build the world from, instead of generating units; "" generates.
	// The scenarios package reads it into Params.Units.
	UnitsFile string `toml:"units_file" file:"true"`
	// Oblasts is the number of regions under the uniform table (seed
	// fact: 17).
	Oblasts int `toml:"oblasts" min:"1" max:"100"`
	// DistrictsPerOblast is the number of districts (audans) per oblast
	// under the uniform table (seed fact: about 160-170 districts in all).
	DistrictsPerOblast int `toml:"districts_per_oblast" min:"1" max:"100"`
	// Towns is the number of towns of district significance (seed fact: 48).
	Towns int `toml:"towns" min:"0" max:"100000"`
	// RuralDistricts is the number of rural districts (seed fact: 1,993).
	RuralDistricts int `toml:"rural_districts" min:"0" max:"100000"`
	// Villages is the number of villages (seed fact: 198).
	Villages int `toml:"villages" min:"0" max:"100000"`
	// Settlements is the number of settlements (seed fact: 106).
	Settlements int `toml:"settlements" min:"0" max:"100000"`
	// Population is the total rural population in residents
	// (seed fact: about 7.35 million).
	Population int `toml:"population" min:"1" max:"100000000"`
	// TownMedian, RuralDistrictMedian, VillageMedian and SettlementMedian
	// are the median unit sizes by type before scaling to Population, in
	// residents (assumption from the staffing brackets of the seed facts).
	TownMedian          float64 `toml:"town_median" min:"1" max:"10000000"`
	RuralDistrictMedian float64 `toml:"rural_district_median" min:"1" max:"10000000"`
	VillageMedian       float64 `toml:"village_median" min:"1" max:"10000000"`
	SettlementMedian    float64 `toml:"settlement_median" min:"1" max:"10000000"`
	// PopulationSigma is the log-scale spread of unit populations
	// (lognormal; assumption tuned so sizes run from under 100 to 50,000).
	PopulationSigma float64 `toml:"population_sigma" min:"0" max:"4"`
	// MinUnitPopulation and MaxUnitPopulation clip unit sizes, in residents
	// (seed fact: under 100 to about 50,000).
	MinUnitPopulation int `toml:"min_unit_population" min:"1" max:"10000000"`
	MaxUnitPopulation int `toml:"max_unit_population" min:"1" max:"10000000"`
	// Represent is how many residents one citizen agent stands for.
	Represent int `toml:"represent" min:"1" max:"1000000"`
	// MedianDistanceKm is the median distance from a unit to its district
	// centre in km (lognormal, sigma 0.6; assumption).
	MedianDistanceKm float64 `toml:"median_distance_km" min:"0" max:"2000"`
	// MedianIncome is the median monthly income of a rural resident in KZT
	// (assumption, order of the rural median).
	MedianIncome float64 `toml:"median_income" min:"0" max:"1e9"`
	// IncomeSigma is the log-scale spread of incomes (lognormal).
	IncomeSigma float64 `toml:"income_sigma" min:"0" max:"4"`
	// HigherEducationShare and VocationalShare are the shares of adults with
	// higher and vocational education (assumption from census orders).
	HigherEducationShare float64 `toml:"higher_education_share" min:"0" max:"1"`
	VocationalShare      float64 `toml:"vocational_share" min:"0" max:"1"`
	// YoungShare is the share of adult residents aged 18-34, who migrate
	// first, in oblasts without a profile (the uniform table).
	YoungShare float64 `toml:"young_share" min:"0" max:"1"`
	// OldShare is the share of adult residents aged 60 and over in
	// oblasts without a profile (assumption, order of the census).
	OldShare float64 `toml:"old_share" min:"0" max:"1"`
	// BurnInMonths is how many months the model runs under the starting
	// rules before month 1, unrecorded, so that akims, deputies, awareness,
	// trust and jail start from the model's own steady state rather than
	// from the generator's draws (assumption: one akim term).
	BurnInMonths int `toml:"burn_in_months" min:"0" max:"600"`
	// CapacitySlack is the spare room per unit, as a share of its initial
	// population, into which births can grow (assumption).
	CapacitySlack float64 `toml:"capacity_slack" min:"0" max:"2"`
	// LocalitiesPerUnit is the mean number of rural settlements
	// (villages and hamlets) per unit; each unit has at least one (seed
	// fact: 6,905 rural settlements in about 2,345 units, 2.945 a unit).
	LocalitiesPerUnit float64 `toml:"localities_per_unit" min:"1" max:"1000"`
	// NetworkDegree is the number of neighbours (kin and neighbours) each
	// citizen listens to in the Watts-Strogatz network within its
	// settlement; 0 switches the network off, and a citizen's
	// neighbourhood is then its settlement (assumption: a ring of 6, as
	// in Watts and Strogatz's examples of small worlds).
	NetworkDegree int `toml:"network_degree" min:"0" max:"8"`
	// NetworkRewiring is the probability that a network tie is rewired to
	// a random house of the whole unit (Watts and Strogatz 1998: small
	// worlds for 0.01 to 0.1; assumption: 0.1, kin in other villages).
	NetworkRewiring float64 `toml:"network_rewiring" min:"0" max:"1"`
	// Composition is how a settlement's first citizens get their traits
	// (age, education, income, civic duty, awareness, efficacy, trust,
	// party leaning, voting habit): "independent", each agent its own
	// draws, or "stratified", each trait dealt from the settlement's n
	// equal-probability strata in random order (one agent a stratum), so
	// that a settlement's mix of residents is the same whatever
	// world.represent is (ODD 2.4; a settlement of 20 agents at 1:50
	// otherwise has 10 times the sampling spread of one of 200 at 1:5).
	Composition string `toml:"composition" enum:"independent,stratified"`
}

// Institutions sets how rural akims are chosen and removed.
type InstitutionParams struct {
	// Selection is how the rural akim is chosen: "appointed" by the district
	// akim, "indirect" (vote of district maslikhat deputies among the
	// superior's nominees, 2013-2021) or "direct" (residents' vote, 2021-).
	Selection string `toml:"selection" enum:"appointed,indirect,direct"`
	// TermMonths is the rural akim's term of office in months (seed fact: 4 years).
	TermMonths int `toml:"term_months" min:"1" max:"240"`
	// MinAge is the minimum candidate age in years (seed fact: 25).
	MinAge int `toml:"min_age" min:"18" max:"80"`
	// Education is the candidate education requirement: "none",
	// "vocational" (2021-) or "higher" (2013-2021).
	Education string `toml:"education" enum:"none,vocational,higher"`
	// TermLimit is the number of consecutive terms a rural akim may serve;
	// 0 means no limit. In its last allowed term an akim cannot be
	// re-selected, so elections no longer discipline it (Besley 2006).
	TermLimit int `toml:"term_limit" min:"0" max:"20"`
	// AkimFee is the registration fee of a rural akim candidate in KZT
	// (the seed facts name a fee for maslikhat candidates only: 0).
	AkimFee float64 `toml:"akim_fee" min:"0" max:"1e9"`
	// MaslikhatFee is the registration fee of a maslikhat candidate in KZT
	// (seed fact: 350,000 in 2023).
	MaslikhatFee float64 `toml:"maslikhat_fee" min:"0" max:"1e9"`
	// Nominees is how many candidates the district akim nominates in
	// appointed and indirect modes (seed fact: at least two).
	Nominees int `toml:"nominees" min:"1" max:"10"`
	// Pressure is the probability that an independent candidate is refused
	// registration, prosecuted or threatened off the ballot when the
	// district akim uses every tool it has (seed fact: refusals, criminal
	// cases and funding threats are reported). How much of it a district
	// akim uses is its own choice (superior.go).
	Pressure float64 `toml:"pressure" min:"0" max:"1"`
	// Manipulation is the share of votes administratively shifted to the
	// ruling-party or official candidate in direct elections.
	Manipulation float64 `toml:"manipulation" min:"0" max:"1"`
	// SuperiorCanDismiss says whether the district akim can dismiss a rural
	// akim (seed fact: yes, even elected ones).
	SuperiorCanDismiss bool `toml:"superior_can_dismiss"`
	// DismissalCost is what dismissing a rural akim costs the district
	// akim, in units of its satisfaction with an akim (0-1): paperwork, an
	// acting akim, the oblast's questions. The district akim dismisses
	// only when a replacement is expected to serve its objective better by
	// more than this (assumption).
	DismissalCost float64 `toml:"dismissal_cost" min:"0" max:"1"`
	// ElectedDismissalCost is the extra cost of dismissing an akim elected
	// by residents (public attention, the election overruled; assumption).
	ElectedDismissalCost float64 `toml:"elected_dismissal_cost" min:"0" max:"1"`
	// Recall says whether residents can recall a directly elected rural akim
	// (proposal; not law in Kazakhstan).
	Recall bool `toml:"recall"`
	// RecallSignatures is the share of a unit's adult residents whose
	// signatures on a petition call a recall ballot (of a rural akim, or of
	// a deputy under the imperative mandate); the ballot recalls when a
	// majority of those voting vote to recall.
	RecallSignatures float64 `toml:"recall_signatures" min:"0" max:"1"`
	// MaslikhatTermMonths is the district maslikhat's term (seed fact: 5 years
	// from 2023; 4-5 years before).
	MaslikhatTermMonths int `toml:"maslikhat_term_months" min:"1" max:"240"`
	// MaslikhatFirstElection is the month of the run's first maslikhat
	// election; 0 means one full term after the start. Later elections
	// follow every MaslikhatTermMonths.
	MaslikhatFirstElection int `toml:"maslikhat_first_election" min:"0" max:"100000" fixed:"true"`
	// MaslikhatSeats is the number of deputies per district maslikhat.
	MaslikhatSeats int `toml:"maslikhat_seats" min:"1" max:"100" fixed:"true"`
	// MaslikhatSingleMandate says whether maslikhat seats are filled in
	// single-mandate districts where independents may run (seed fact: 2023).
	MaslikhatSingleMandate bool `toml:"maslikhat_single_mandate"`
	// DeputyRecall is the imperative mandate: citizens can recall a deputy
	// (seed fact: 2022).
	DeputyRecall bool `toml:"deputy_recall"`
}

// Fiscal sets where the rural unit's money comes from and how it leaks.
type FiscalParams struct {
	// OwnBudget says whether units have their own (fourth-tier) budget from
	// the five local taxes (seed fact: 2018 for units over 2,000, 2020 all).
	OwnBudget bool `toml:"own_budget"`
	// OwnBudgetMinPopulation is the smallest unit with its own budget, in
	// residents (seed fact: 2,000 in 2018, 0 from 2020).
	OwnBudgetMinPopulation int `toml:"own_budget_min_population" min:"0" max:"10000000"`
	// OwnRevenueShare is the share of the five local taxes raised in the unit
	// that stays in the rural budget (the rest goes to the district).
	OwnRevenueShare float64 `toml:"own_revenue_share" min:"0" max:"1"`
	// Compliance is the share of assessed local taxes actually collected.
	Compliance float64 `toml:"compliance" min:"0" max:"1"`
	// IncomeTaxRate, PropertyTaxRate, VehicleTaxRate, LandTaxRate and
	// AdvertisingRate are the five local taxes as shares of resident income
	// (effective rates; assumption tuned to the seed rural budget mean).
	IncomeTaxRate   float64 `toml:"income_tax_rate" min:"0" max:"1"`
	PropertyTaxRate float64 `toml:"property_tax_rate" min:"0" max:"1"`
	VehicleTaxRate  float64 `toml:"vehicle_tax_rate" min:"0" max:"1"`
	LandTaxRate     float64 `toml:"land_tax_rate" min:"0" max:"1"`
	AdvertisingRate float64 `toml:"advertising_rate" min:"0" max:"1"`
	// OtherRevenuePerCapita is monthly rent of municipal property and local
	// fines per resident, in KZT (available to every unit from 2013).
	OtherRevenuePerCapita float64 `toml:"other_revenue_per_capita" min:"0" max:"1e9"`
	// TransferPerCapita is the monthly money per resident the district
	// passes down to its rural units, in KZT (assumption tuned so the mean
	// rural budget is about 107 million KZT a year, seed fact).
	TransferPerCapita float64 `toml:"transfer_per_capita" min:"0" max:"1e9"`
	// TransferRule is how the district divides transfers among its units:
	// "discretionary" (with patronage), "formula" (equalising), "plan"
	// (frozen plan) or "needs" (current unmet needs).
	TransferRule string `toml:"transfer_rule" enum:"discretionary,formula,plan,needs"`
	// PatronageWeight is how far the district akim departs from a per
	// capita division of discretionary transfers in pursuit of its
	// objective (superior.go): 0 divides per capita, 1 lets its objective
	// move a unit's share by up to about its own size. Which units gain is
	// decided by the objective, not by this taste.
	PatronageWeight float64 `toml:"patronage_weight" min:"0" max:"1"`
	// Equalisation is how strongly formula transfers offset differences in
	// own revenue per resident (0 per capita only, 1 full offset).
	Equalisation float64 `toml:"equalisation" min:"0" max:"1"`
	// Extraction is the largest share of the district pool a district
	// akimat can divert (with no maslikhat oversight at all); how much it
	// diverts is the district akim's choice (superior.go).
	Extraction float64 `toml:"extraction" min:"0" max:"1"`
	// RentMax bounds a rent-seeking akim's rent opportunity: each year it
	// could divert a share of the money it controls drawn uniformly on
	// [0, rent_max] (Besley 2006's rent distribution G); whether it does is
	// its own choice (akims.go).
	RentMax float64 `toml:"rent_max" min:"0" max:"1"`
	// KickbackShare is the share of a rural akim's rent passed up to the
	// district akim (Myerson 2015: an appointed official can divert
	// service money and share it upward; assumption).
	KickbackShare float64 `toml:"kickback_share" min:"0" max:"1"`
	// ConnectedShare is the largest share of contracts a district akim
	// gives to connected firms; the share it gives rises with its greed
	// and falls with maslikhat oversight (superior.go).
	ConnectedShare float64 `toml:"connected_share" min:"0" max:"1"`
	// QualityDiscount is the share of a connected contract's value lost to
	// low-quality work.
	QualityDiscount float64 `toml:"quality_discount" min:"0" max:"1"`
	// PlanAgeYears is how old the plan is that plan-driven transfers and the
	// superior's priorities follow (seed fact: plans drawn a decade earlier).
	PlanAgeYears int `toml:"plan_age_years" min:"0" max:"50" fixed:"true"`
	// ServiceCostPerCapita is the monthly spending per resident on a sector
	// that would close that sector's whole service gap in one month at unit
	// productivity, in KZT; the monthly gain is the gap times spending over
	// this cost (see improve in services.go).
	ServiceCostPerCapita float64 `toml:"service_cost_per_capita" min:"1" max:"1e9"`
}

// Oversight sets who watches the money.
type OversightParams struct {
	// MaslikhatPowers is how much of the district akimat's conduct a
	// maslikhat whose deputies all give full oversight effort can check, in
	// [0,1]: its legal powers and access to information (assumption).
	// Deputies choose their effort (deputies.go); oversight is the powers
	// times the mean effort.
	MaslikhatPowers float64 `toml:"maslikhat_powers" min:"0" max:"1"`
	// RuralCouncil says whether an elected council at the rural level
	// approves and audits the rural budget (proposal).
	RuralCouncil bool `toml:"rural_council"`
	// RuralCouncilEffort is that council's oversight effort in [0,1].
	RuralCouncilEffort float64 `toml:"rural_council_effort" min:"0" max:"1"`
	// Transparency is how visible budgets and decisions are to residents,
	// in [0,1] (online broadcast of sessions, open budgets).
	Transparency float64 `toml:"transparency" min:"0" max:"1"`
}

// Participation sets how citizens take part between elections.
type ParticipationParams struct {
	// Cost is the cost of taking part in a month, on the utility scale of
	// the benefit (time, travel).
	Cost float64 `toml:"cost" min:"0" max:"10"`
	// DigitalDiscount is the share of that cost digital tools remove at full
	// transparency (it is scaled by oversight.transparency).
	DigitalDiscount float64 `toml:"digital_discount" min:"0" max:"1"`
	// BudgetShare is the share of the unit's discretionary money decided by
	// participatory budgeting (proposal).
	BudgetShare float64 `toml:"budget_share" min:"0" max:"1"`
	// Campaign is the monthly awareness gain from education campaigns.
	Campaign float64 `toml:"campaign" min:"0" max:"1"`
	// AwarenessDecay is the monthly rate at which awareness returns to the
	// citizen's civic baseline.
	AwarenessDecay float64 `toml:"awareness_decay" min:"0" max:"1"`
	// InitialAwareness is the mean starting awareness of institutions
	// (tuned: seed fact 68% cannot name a deputy in 2016; fitted jointly
	// with three others, then refitted alone when social learning was
	// added, issue 17).
	InitialAwareness float64 `toml:"initial_awareness" min:"0" max:"1"`
	// EfficacyGain and EfficacyLoss move political efficacy after
	// participation is answered or not.
	EfficacyGain float64 `toml:"efficacy_gain" min:"0" max:"1"`
	EfficacyLoss float64 `toml:"efficacy_loss" min:"0" max:"1"`
	// IgnoredGrievance is the hardship added when participation goes
	// unanswered (protests follow when participation yields nothing).
	IgnoredGrievance float64 `toml:"ignored_grievance" min:"0" max:"1"`
	// SocialLearning is the monthly share of the gap to its network
	// neighbours' mean awareness that a citizen closes (people learn about
	// institutions from kin and neighbours; assumption); 0 switches it off.
	SocialLearning float64 `toml:"social_learning" min:"0" max:"1"`
}

// Unrest sets Epstein's (2002) civil-violence rule and the superior's response.
type UnrestParams struct {
	// K is the arrest-probability constant (Epstein 2002: 2.3; the rural
	// default, 15.5, is tuned: 2.3 x 30/4.45, see PolicePer1000).
	K float64 `toml:"k" min:"0" max:"100"`
	// Threshold is the activation threshold T (Epstein 2002: 0.1).
	Threshold float64 `toml:"threshold" min:"0" max:"1"`
	// Rounding is how cops/(actives+1) is rounded: "none" (the paper),
	// "floor" (NetLogo's Rebellion) or "round" (Mesa since 2024).
	Rounding string `toml:"rounding" enum:"none,floor,round"`
	// PolicePer1000 is police per 1,000 residents of a unit (default
	// 4.45, the national density: UNODC, 2014). The model once had 30,
	// an assumption chosen to keep unrest down; at the real density the
	// arrest constant K and ArrestRate carry the same deterrence and
	// arrests, and are declared tuned.
	PolicePer1000 float64 `toml:"police_per_1000" min:"0" max:"1000"`
	// ArrestRate is the number of active residents one police officer
	// jails a month, at most (Epstein's cops jail one active in vision a
	// step; a month is a step; tuned: at 0.1 per officer at 30 per 1,000
	// arrests could not keep pace with a gradual fall in legitimacy, and
	// the sudden-versus-gradual pattern, theory result 3, vanished; 1 at
	// 30 per 1,000 is 6.74 at the real 4.45).
	ArrestRate float64 `toml:"arrest_rate" min:"0" max:"100"`
	// MaxJailMonths is the longest jail term; terms are uniform on 0..max,
	// so prisoners are released at the rate 2/max a month.
	MaxJailMonths int `toml:"max_jail_months" min:"0" max:"1000"`
	// ProtestThreshold is the active share of a settlement's residents
	// that counts as a protest event.
	ProtestThreshold float64 `toml:"protest_threshold" min:"0" max:"1"`
	// ProtestMinResidents is the fewest active residents a settlement's
	// protest event needs besides the share (assumption: fewer than about
	// 20 people gathered is not seen as a protest); 0 leaves the share
	// alone.
	ProtestMinResidents float64 `toml:"protest_min_residents" min:"0" max:"1e6"`
	// Spillover is the weight of the adjacent units' active share (last
	// month) in a citizen's neighbourhood's: protest spreads to the
	// neighbouring units of a district (assumption); 0 switches it off.
	Spillover float64 `toml:"spillover" min:"0" max:"1"`
	// VisionResidents is how many residents a citizen sees: Epstein's
	// vision as a neighbourhood of bounded size (about his 7-cell von
	// Neumann vision, 112 cells, at the classic density 0.7: 78 people).
	VisionResidents float64 `toml:"vision_residents" min:"1" max:"1e6"`
	// ConcedeMoney is the emergency money per resident the district gives a
	// unit after a protest, in KZT.
	ConcedeMoney float64 `toml:"concede_money" min:"0" max:"1e9"`
	// AddPolice is the share by which police in a unit rise after a protest.
	AddPolice float64 `toml:"add_police" min:"0" max:"10"`
}

// Behavior sets the citizens' and officials' behavioural weights.
type BehaviorParams struct {
	// PerceptionNoise is the noise in a citizen's reading of service
	// quality at zero awareness and transparency.
	PerceptionNoise float64 `toml:"perception_noise" min:"0" max:"1"`
	// TrustRate is the monthly weight of new evidence in trust.
	TrustRate float64 `toml:"trust_rate" min:"0" max:"1"`
	// ProceduralWeight is the weight of how the akim was chosen in
	// legitimacy (the rest is performance).
	ProceduralWeight float64 `toml:"procedural_weight" min:"0" max:"1"`
	// LegitimacyShift is added to every citizen's legitimacy (events use it
	// for a legitimacy shock).
	LegitimacyShift float64 `toml:"legitimacy_shift" min:"-1" max:"1"`
	// HardshipShift is added to every citizen's hardship (price shocks).
	HardshipShift float64 `toml:"hardship_shift" min:"-1" max:"1"`
	// HardshipService is the weight of poor services in hardship.
	HardshipService float64 `toml:"hardship_service" min:"0" max:"1"`
	// CivicDuty is the D term of the calculus of voting per unit of
	// civic-mindedness at legitimacy 0.5 (it scales with both).
	CivicDuty float64 `toml:"civic_duty" min:"-5" max:"5"`
	// VotingCost is the C term of the calculus of voting.
	VotingCost float64 `toml:"voting_cost" min:"0" max:"5"`
	// EfficacyWeight is the weight of political efficacy in the pB term of
	// the calculus of voting.
	EfficacyWeight float64 `toml:"efficacy_weight" min:"0" max:"5"`
	// Habit is the extra D of a citizen who voted last time.
	Habit float64 `toml:"habit" min:"0" max:"5"`
	// PerformanceWeight is the weight of perceived performance in a voter's
	// utility for the incumbent (retrospective voting).
	PerformanceWeight float64 `toml:"performance_weight" min:"0" max:"50"`
	// CompetenceWeight is the weight of a candidate's competence in a
	// voter's utility, seen only as far as the voter is aware (selection of
	// good types, Besley 2006).
	CompetenceWeight float64 `toml:"competence_weight" min:"0" max:"50"`
	// PartyWeight is the weight of party attachment in a voter's utility for
	// the ruling-party candidate.
	PartyWeight float64 `toml:"party_weight" min:"0" max:"50"`
	// IncumbentAdvantage is the incumbent's valence from office.
	IncumbentAdvantage float64 `toml:"incumbent_advantage" min:"-10" max:"10"`
	// ValenceSpread is the standard deviation of a candidate's valence
	// shock in a direct election, common to all voters (campaign, local
	// reputation); without it the candidate with the higher mean utility
	// wins almost surely in a large electorate (assumption).
	ValenceSpread float64 `toml:"valence_spread" min:"0" max:"10"`
	// MigrationRate is the monthly probability of leaving for a citizen at
	// full push (hardship and service gap both 1).
	MigrationRate float64 `toml:"migration_rate" min:"0" max:"1"`
	// YoungMigration multiplies the migration probability of the young.
	YoungMigration float64 `toml:"young_migration" min:"0" max:"20"`
	// UrbanShare is the share of leavers who go to a city, outside the
	// rural world; the rest move to a rural unit of their oblast
	// (assumption: most rural out-migrants in Kazakhstan go to the
	// cities); 1 switches rural destinations off.
	UrbanShare float64 `toml:"urban_share" min:"0" max:"1"`
	// MigrationDistanceKm is the distance over which a destination's
	// weight falls by a factor e in the gravity rule (assumption: most
	// rural-to-rural moves are within reach of the old home); 0 ignores
	// distance.
	MigrationDistanceKm float64 `toml:"migration_distance_km" min:"0" max:"10000"`
	// BirthRate is the national crude birth rate, per resident per month
	// (approximate public statistics: about 22 per 1,000 a year in rural
	// Kazakhstan around 2015-2021); each oblast's is this times its
	// relative rate. A birth enters the model as a young adult (cohort
	// replacement) into a vacant slot of its settlement.
	BirthRate float64 `toml:"birth_rate" min:"0" max:"1"`
	// DeathRate is the national crude death rate, per resident per month
	// (approximate public statistics: about 8 per 1,000 a year); each
	// oblast's is this times its relative rate, and deaths fall on the
	// old.
	DeathRate float64 `toml:"death_rate" min:"0" max:"1"`
	// Ageing moves citizens from young to middle age and from middle to
	// old age at one over the band's length a month (17 and 25 years);
	// false switches it off, and ages stay as drawn.
	Ageing bool `toml:"ageing"`
	// NeedDrift is the monthly random-walk step of sector needs, which makes
	// old plans stale.
	NeedDrift float64 `toml:"need_drift" min:"0" max:"1"`
	// Depreciation is the monthly decay of service levels.
	Depreciation float64 `toml:"depreciation" min:"0" max:"1"`
	// OrderLoad is the share of an akim office's monthly capacity taken by
	// the district's orders (seed fact: about 79 duties imposed by law).
	OrderLoad float64 `toml:"order_load" min:"0" max:"1"`
	// Capture is the strength of local elite capture (Bardhan and
	// Mookherjee 2000): a unit's capture is capture x the Gini of its
	// residents' incomes, so capture rises with local inequality; the local
	// elite takes that share of the money the akim controls (after its
	// rent) for its own ends, as far as residents monitoring, transparency
	// and a rural council do not check it (assumption).
	Capture float64 `toml:"capture" min:"0" max:"1"`
	// SocialTrust is the monthly share of the gap to its network
	// neighbours' mean trust in the akim that a citizen closes
	// (assumption: small, opinions are shared but each sees services
	// itself); 0 switches it off.
	SocialTrust float64 `toml:"social_trust" min:"0" max:"1"`
	// SocialHabit is the civic duty, in the calculus of voting, a citizen
	// feels when all its network neighbours voted last time (Granovetter
	// 1978: turnout spreads over ties; assumption); 0 switches it off.
	SocialHabit float64 `toml:"social_habit" min:"0" max:"5"`

	// OfficeValue is what a month in office is worth to a rural akim,
	// wage and ego rents, in KZT (the unit of the rent): the stake an akim
	// weighs against rent now (Besley 2006). Assumption: a rural akim's
	// salary of about 250,000-300,000 KZT a month and as much again in
	// status.
	OfficeValue float64 `toml:"office_value" min:"0" max:"1e10"`
	// Discount is an akim's monthly discount factor for the value of
	// future office (assumption: about 0.9 a year).
	Discount float64 `toml:"discount" min:"0" max:"1"`
	// CongruentShare is the share of akims and candidates who are
	// congruent (public-spirited: they take no rent and value residents'
	// services), the rest being rent-seekers (Besley 2006's pi;
	// assumption).
	CongruentShare float64 `toml:"congruent_share" min:"0" max:"1"`
	// PublicMotivation is what a congruent akim gains from raising its
	// residents' need-weighted service level by 1, as a multiple of the
	// monthly value of office (assumption).
	PublicMotivation float64 `toml:"public_motivation" min:"0" max:"100"`
	// LoyaltyWeight is what a fully loyal akim gains from fulfilling all
	// of the district's orders, as a multiple of the monthly value of
	// office (assumption).
	LoyaltyWeight float64 `toml:"loyalty_weight" min:"0" max:"100"`
	// SignalNoise is the standard deviation of the noise in what voters
	// learn of a challenger's competence from the campaign (origin, party,
	// local reputation); competence itself is never seen. A large value
	// makes the signal pure noise (assumption).
	SignalNoise float64 `toml:"signal_noise" min:"0" max:"100"`
	// Yardstick is the weight voters put on their unit's services relative
	// to the other units of the district, rather than on their level, when
	// they judge the akim (Besley and Case 1995): relative performance
	// filters out what is common to the district (0 switches it off).
	Yardstick float64 `toml:"yardstick" min:"0" max:"1"`
	// Scandal is what exposed rent takes off residents' reading of their
	// akim's performance (0-1), decaying by a tenth a month (assumption).
	Scandal float64 `toml:"scandal" min:"0" max:"1"`
	// EfficacyLearning is the weight with which residents move their
	// political efficacy, at each popular vote, towards what the last vote
	// achieved: whether the elected akim was overruled from above, the race
	// was contested and services changed (0 switches it off).
	EfficacyLearning float64 `toml:"efficacy_learning" min:"0" max:"1"`
}

// SuperiorParams sets the district akim's objective, set from above by
// the oblast (Myerson 2015; Seabright 1996; Bueno de Mesquita et al.
// 2003): weights on quiet (no protest), orders fulfilled, the ruling
// party's votes, budget execution and its own extraction. The district
// akim decides transfers, nominations, dismissals, the response to
// protest, pressure on independents and extraction to serve it
// (superior.go). The weights are relative; only their ratios matter,
// except Greed, which is also the scale of its private gain.
type SuperiorParams struct {
	Quiet     float64 `toml:"quiet" min:"0" max:"10"`
	Orders    float64 `toml:"orders" min:"0" max:"10"`
	Votes     float64 `toml:"votes" min:"0" max:"10"`
	Execution float64 `toml:"execution" min:"0" max:"10"`
	// Greed is the mean weight a district akim puts on its own extraction
	// and kickbacks; each district akim's is drawn uniformly on [0.5, 1.5]
	// times it at generation.
	Greed float64 `toml:"greed" min:"0" max:"10"`
	// Penalty is what being caught extracting costs a district akim, as a
	// multiple of the pool (dismissal, prosecution); the chance of being
	// caught rises with maslikhat oversight and with the square of the
	// share extracted (assumption).
	Penalty float64 `toml:"penalty" min:"0" max:"100"`
	// Noise is the spread of the district akim's monthly judgement of a
	// rural akim (the logistic scale of its dismissal decision, in
	// satisfaction units): how much chance and mood enter (assumption).
	Noise float64 `toml:"noise" min:"0.001" max:"1"`
}

// DeputyParams sets district maslikhat deputies: who they are (seed fact:
// the 2020 composition) and what weighs on their oversight effort and
// budget vote (deputies.go).
type DeputyParams struct {
	// Business, Education and Akimat are the shares of deputies who are
	// business people (contracts depend on the akimat), education
	// specialists (employed in schools the akimat funds) and akimat
	// employees (seed fact: 35.1%, 18.1% and 5.3% in 2020); the rest
	// have no such tie.
	Business  float64 `toml:"business" min:"0" max:"1"`
	Education float64 `toml:"education" min:"0" max:"1"`
	Akimat    float64 `toml:"akimat" min:"0" max:"1"`
	// TieCost is what a deputy with a tie to the akimat risks by
	// scrutinising it (contracts or employment), in units of the benefit
	// of full oversight effort (assumption).
	TieCost float64 `toml:"tie_cost" min:"0" max:"10"`
	// PartyDiscipline is the cost to a ruling-party deputy of scrutinising
	// the party's akimat (assumption).
	PartyDiscipline float64 `toml:"party_discipline" min:"0" max:"10"`
	// Reelection is the benefit of oversight to a deputy elected in a
	// single-mandate district whose voters all know their deputy; it is
	// scaled by the share of aware residents (assumption). Party-list
	// deputies owe their seat to the party, not to voters.
	Reelection float64 `toml:"reelection" min:"0" max:"10"`
	// RecallFear is the extra benefit of oversight while deputies can be
	// recalled (imperative mandate), also scaled by awareness (assumption).
	RecallFear float64 `toml:"recall_fear" min:"0" max:"10"`
	// EffortCost is the cost of oversight effort, quadratic in effort
	// (assumption): effort = (motivation - costs) / (2 effort_cost).
	EffortCost float64 `toml:"effort_cost" min:"0.01" max:"10"`
}

// CandidateParams sets who stands for office (citizen-candidate entry:
// Osborne and Slivinski 1996; Besley and Coate 1997): would-be candidates
// stand when the chance of winning times the value of office beats the
// fee, the campaign's cost and the expected pressure (candidates.go).
type CandidateParams struct {
	// Potential is the number of would-be independent candidates per
	// 1,000 eligible residents in an election (assumption), at most
	// MaxPotential.
	Potential    float64 `toml:"potential" min:"0" max:"1000"`
	MaxPotential int     `toml:"max_potential" min:"0" max:"50"`
	// CampaignMonths is the cost of a campaign in months of the
	// candidate's income (assumption); parties pay their candidates'.
	CampaignMonths float64 `toml:"campaign_months" min:"0" max:"120"`
	// PressureMonths is what pressure (refusal, prosecution, threats)
	// costs a candidate who meets it, in months of income (assumption).
	PressureMonths float64 `toml:"pressure_months" min:"0" max:"1000"`
	// DeputyValue is what a month as a (part-time) district deputy is
	// worth to a candidate, in KZT (assumption).
	DeputyValue float64 `toml:"deputy_value" min:"0" max:"1e10"`
}

// ClassicParams sets the classic model: Epstein's (2002) civil-violence
// Model I alone on a torus grid, run by scenarios with meta.model =
// "classic_epstein" to dock the unrest rule (the same ArrestProbability,
// Grievance and Activate as the main model) with the paper, NetLogo's
// Rebellion and Mesa's epstein_civil_violence (docs/DOCKING.md). The main
// model ignores it. Defaults are Mesa 3.3.1's example settings, the
// docking reference. In the classic model a month is a step, and an
// event's hardship and legitimacy shocks (behavior.hardship_shift,
// behavior.legitimacy_shift) add to every citizen's hardship and to
// Legitimacy, clamped to [0, 1].
type ClassicParams struct {
	// Width and Height are the torus grid's size in cells (Mesa: 40 x 40).
	// Events cannot change them.
	Width  int `toml:"width" min:"1" max:"2000" fixed:"true"`
	Height int `toml:"height" min:"1" max:"2000" fixed:"true"`
	// CitizenDensity and CopDensity are the probabilities that a cell
	// starts with a citizen or a cop, independently per cell (as Mesa
	// places them; Mesa: 0.7 and 0.074). Events cannot change them.
	CitizenDensity float64 `toml:"citizen_density" min:"0" max:"1" fixed:"true"`
	CopDensity     float64 `toml:"cop_density" min:"0" max:"1" fixed:"true"`
	// CitizenVision and CopVision are the vision radii in cells (Mesa: 7).
	CitizenVision int `toml:"citizen_vision" min:"1" max:"100"`
	CopVision     int `toml:"cop_vision" min:"1" max:"100"`
	// Neighbourhood is the shape of vision, centre excluded: "von_neumann"
	// (the diamond |dx|+|dy| <= radius: the paper's north, south, east and
	// west, and Mesa), "moore" (the square) or "euclidean" (the disc
	// dx^2+dy^2 <= radius^2, as NetLogo's in-radius).
	Neighbourhood string `toml:"neighbourhood" enum:"von_neumann,moore,euclidean"`
	// Legitimacy is the regime's legitimacy L, the same for every citizen
	// (Mesa: 0.8).
	Legitimacy float64 `toml:"legitimacy" min:"0" max:"1"`
	// MaxJailTerm is the longest jail term J_max in steps (Mesa: 1000).
	MaxJailTerm int `toml:"max_jail_term" min:"0" max:"100000"`
	// JailTerm is how a term is drawn: "uniform" on 0..max_jail_term
	// inclusive (Mesa, Python's randint), "uniform_exclusive" on
	// 0..max_jail_term-1 (NetLogo's random) or "fixed" at max_jail_term.
	JailTerm string `toml:"jail_term" enum:"uniform,uniform_exclusive,fixed"`
	// Threshold is the activation threshold T (Epstein 2002: 0.1).
	Threshold float64 `toml:"threshold" min:"0" max:"1"`
	// K is the arrest-probability constant k (Epstein 2002: 2.3).
	K float64 `toml:"k" min:"0" max:"100"`
	// Rounding is how cops/(actives+1) is rounded: "none" (the paper),
	// "floor" (NetLogo's Rebellion) or "round" (Mesa since 2024).
	Rounding string `toml:"rounding" enum:"none,floor,round"`
	// Activation is the order of updates within a step: "random" (every
	// citizen and cop once, in a new random order, each acting on the
	// current state when its turn comes: Mesa, and the paper's random
	// asynchronous activation) or "synchronous" (every free citizen decides
	// from the states at the start of the step, then cops arrest and move
	// in random order, then citizens move).
	Activation string `toml:"activation" enum:"random,synchronous"`
	// Movement says whether agents move each step to a uniformly chosen
	// empty cell within their vision (Mesa, the paper's rule M).
	Movement bool `toml:"movement"`
	// JailedKeepCell says whether a jailed citizen stays on its cell,
	// blocking it (Mesa), or leaves the grid until released, then returns
	// to its cell or, if that is taken, to a random empty cell.
	JailedKeepCell bool `toml:"jailed_keep_cell"`
}

// Event is a scheduled change at the start of a month.
type Event struct {
	// Month is the month (1-based) at whose start the event applies.
	Month int `toml:"month" min:"1" max:"100000"`
	// Label says what the event is, for people and for output.
	Label string `toml:"label"`
	// Set maps parameter keys ("section.key") to new values, applied
	// with Params.Set in the order of their keys.
	Set map[string]Value `toml:"set"`
	// Hardship is added to behavior.hardship_shift (a price shock).
	Hardship float64 `toml:"hardship" min:"-1" max:"1"`
	// Legitimacy is added to behavior.legitimacy_shift (a legitimacy shock).
	Legitimacy float64 `toml:"legitimacy" min:"-1" max:"1"`
	// MaslikhatElection holds maslikhat elections in every district this
	// month (an early election, as in 2023); the next follows a term later.
	MaslikhatElection bool `toml:"maslikhat_election"`
	// AkimElections ends every rural akim's term this month, so all are
	// chosen anew by the mode in force (as in the 2013 indirect elections).
	AkimElections bool `toml:"akim_elections"`
	// AkimElectionsShare ends the terms of this share of rural akims this
	// month, each unit drawn at random from its district's stream, so that
	// they are chosen anew by the mode in force (as in July 2021, when
	// elections were called where terms had run out: 730 of about 2,345).
	AkimElectionsShare float64 `toml:"akim_elections_share" min:"0" max:"1"`
}
