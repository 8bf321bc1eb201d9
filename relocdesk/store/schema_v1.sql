-- Migration 0001: the first schema. Frozen: later changes go in new migrations.
-- Every synced table carries the same sync columns:
--   id TEXT (client-made UUID), community_id, created_at / updated_at (hybrid logical clocks),
--   updated_by (device), deleted (tombstone), clocks (JSON {field: hlc} for fields changed
--   after creation; a field missing from it carries created_at).

CREATE TABLE community (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    name TEXT NOT NULL, county TEXT, subdistrict TEXT, township TEXT, address TEXT
);

CREATE TABLE building_head (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    person_id TEXT, name TEXT NOT NULL, phone TEXT, since TEXT, notes TEXT
);

CREATE TABLE building (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    number TEXT NOT NULL, name TEXT, units INTEGER, floors INTEGER,
    building_head_id TEXT REFERENCES building_head(id)
);
CREATE INDEX building_head_idx ON building(building_head_id);

CREATE TABLE household (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    building_id TEXT REFERENCES building(id), unit INTEGER, room TEXT,
    household_no TEXT NOT NULL, head_person_id TEXT,
    origin_county TEXT, origin_township TEXT, origin_village TEXT, origin_region_code TEXT,
    move_in_date TEXT, registration_status TEXT NOT NULL DEFAULT 'pending',
    formerly_poor INTEGER NOT NULL DEFAULT 0, monitored INTEGER NOT NULL DEFAULT 0,
    dibao TEXT NOT NULL DEFAULT 'none', extreme_poverty INTEGER NOT NULL DEFAULT 0,
    income_year INTEGER, income_wages REAL NOT NULL DEFAULT 0, income_business REAL NOT NULL DEFAULT 0,
    income_transfers REAL NOT NULL DEFAULT 0, income_property REAL NOT NULL DEFAULT 0,
    income_last_year REAL, phone TEXT, notes TEXT, status TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX household_building_idx ON household(building_id, unit, room);
CREATE INDEX household_no_idx ON household(household_no);

CREATE TABLE person (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    household_id TEXT NOT NULL REFERENCES household(id),
    name TEXT NOT NULL, gender TEXT, id_number TEXT, birth_date TEXT, relation TEXT,
    ethnicity TEXT, phone TEXT, education TEXT, school TEXT, grade TEXT,
    school_status TEXT NOT NULL DEFAULT 'not_applicable',
    labour_capacity TEXT NOT NULL DEFAULT 'full',
    employment_status TEXT NOT NULL DEFAULT 'not_applicable',
    employer TEXT, job TEXT, work_place TEXT, monthly_wage REAL, skills TEXT,
    disability_grade TEXT, serious_illness TEXT,
    ins_medical INTEGER NOT NULL DEFAULT 0, ins_critical INTEGER NOT NULL DEFAULT 0,
    ins_pension INTEGER NOT NULL DEFAULT 0, ins_employment INTEGER NOT NULL DEFAULT 0,
    ins_residence INTEGER NOT NULL DEFAULT 0,
    left_behind_child INTEGER NOT NULL DEFAULT 0, elderly_alone INTEGER NOT NULL DEFAULT 0,
    severe_disability INTEGER NOT NULL DEFAULT 0,
    registration_address TEXT, permit_number TEXT, permit_status TEXT NOT NULL DEFAULT 'not_needed'
);
CREATE INDEX person_household_idx ON person(household_id);
-- Unique per community among live rows; tombstoned rows keep their number for history.
CREATE UNIQUE INDEX person_id_number_idx ON person(community_id, id_number)
    WHERE id_number IS NOT NULL AND deleted = 0;

CREATE TABLE referral (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    person_id TEXT NOT NULL REFERENCES person(id), date TEXT NOT NULL,
    referred_by TEXT, building_head_id TEXT, employer TEXT NOT NULL, position TEXT,
    kind TEXT NOT NULL, wage_offered REAL,
    -- the latest outcome event, kept here for queries; the events are the history
    outcome TEXT NOT NULL DEFAULT 'pending', outcome_date TEXT, outcome_note TEXT
);
CREATE INDEX referral_person_idx ON referral(person_id, date);

-- Append-only: outcome changes are events, never overwrites of history.
CREATE TABLE referral_event (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    referral_id TEXT NOT NULL REFERENCES referral(id), date TEXT NOT NULL,
    outcome TEXT NOT NULL, note TEXT, recorded_by TEXT
);
CREATE INDEX referral_event_idx ON referral_event(referral_id);

-- Append-only.
CREATE TABLE visit (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    household_id TEXT NOT NULL REFERENCES household(id), date TEXT NOT NULL,
    visitor TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'routine', met TEXT, notes TEXT
);
CREATE INDEX visit_household_idx ON visit(household_id, date);

CREATE TABLE need (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    household_id TEXT NOT NULL REFERENCES household(id), person_id TEXT, visit_id TEXT,
    source TEXT NOT NULL DEFAULT 'visit', raised_date TEXT NOT NULL,
    category TEXT NOT NULL, description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open', assignee TEXT, due_date TEXT,
    resolution TEXT, closed_date TEXT
);
CREATE INDEX need_household_idx ON need(household_id);
CREATE INDEX need_status_idx ON need(status, due_date);

-- Append-only status history of a need.
CREATE TABLE need_event (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    need_id TEXT NOT NULL REFERENCES need(id), date TEXT NOT NULL,
    status TEXT NOT NULL, note TEXT, recorded_by TEXT
);
CREATE INDEX need_event_idx ON need_event(need_id);

CREATE TABLE training (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    person_id TEXT NOT NULL REFERENCES person(id), course TEXT NOT NULL,
    start_date TEXT, end_date TEXT, certificate TEXT
);
CREATE INDEX training_person_idx ON training(person_id);

CREATE TABLE warning_ack (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    indicator TEXT NOT NULL, subject_id TEXT NOT NULL, acked_by TEXT NOT NULL,
    acked_date TEXT NOT NULL, reason TEXT NOT NULL, until TEXT
);
CREATE INDEX warning_ack_idx ON warning_ack(indicator, subject_id);

CREATE TABLE conflict (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,
    lost_value TEXT, won_value TEXT, lost_clock TEXT NOT NULL, won_clock TEXT NOT NULL,
    lost_device TEXT, won_device TEXT,
    resolution TEXT, resolved_by TEXT, resolved_at TEXT
);
CREATE INDEX conflict_open_idx ON conflict(resolution);

-- Append-only: who viewed, printed or exported personal data.
CREATE TABLE audit (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',
    action TEXT NOT NULL, subject_table TEXT, subject_id TEXT, actor TEXT, at TEXT NOT NULL,
    detail TEXT
);

-- Local only, never synced ------------------------------------------------------------

-- One op per write: the fields it set, their values and the clocks they replaced.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, hlc TEXT NOT NULL,
    fields TEXT NOT NULL, base TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX outbox_row_idx ON outbox(tbl, row_id);

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
