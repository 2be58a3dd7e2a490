"""Version 2: citizens, cases and contacts; referrals, letters and follow-up; officials; knowledge base.

Frozen DDL, as release 2 made these tables (the register's indexes came with version 3, the order and
follow-up columns of a referral with versions 4 and 5)."""

import peewee

VERSION = 2

SQLITE = [
    'CREATE TABLE IF NOT EXISTS "citizen" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"full_name" VARCHAR(120) NOT NULL, "name_key" VARCHAR(120) NOT NULL, "national_code" VARCHAR(10), '
    '"phone" VARCHAR(11), "county_id" INTEGER, "address" VARCHAR(300) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "citizen_name_key" ON "citizen" ("name_key")',
    'CREATE INDEX IF NOT EXISTS "citizen_national_code" ON "citizen" ("national_code")',
    'CREATE INDEX IF NOT EXISTS "citizen_phone" ON "citizen" ("phone")',
    'CREATE INDEX IF NOT EXISTS "citizen_county_id" ON "citizen" ("county_id")',
    'CREATE TABLE IF NOT EXISTS "official" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"full_name" VARCHAR(120) NOT NULL, "title" VARCHAR(150) NOT NULL, "agency_id" INTEGER, '
    '"phone" VARCHAR(11) NOT NULL, "user_id" INTEGER, "active" INTEGER NOT NULL, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "official_agency_id" ON "official" ("agency_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "official_user_id" ON "official" ("user_id")',
    'CREATE TABLE IF NOT EXISTS "attendance_slot" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"official_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start_time" TIME NOT NULL, '
    '"end_time" TIME NOT NULL, "status" VARCHAR(20) NOT NULL, "note" VARCHAR(250) NOT NULL, '
    'FOREIGN KEY ("official_id") REFERENCES "official" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "attendance_slot_official_id" ON "attendance_slot" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "attendance_slot_date" ON "attendance_slot" ("date")',
    'CREATE TABLE IF NOT EXISTS "official_session" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"official_id" INTEGER NOT NULL, "slot_id" INTEGER, "checked_in_at" DATETIME NOT NULL, '
    '"checked_out_at" DATETIME, "opened_by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("official_id") REFERENCES "official" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("slot_id") REFERENCES "attendance_slot" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("opened_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "official_session_official_id" ON "official_session" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "official_session_slot_id" ON "official_session" ("slot_id")',
    'CREATE INDEX IF NOT EXISTS "official_session_checked_in_at" ON "official_session" ("checked_in_at")',
    'CREATE INDEX IF NOT EXISTS "official_session_opened_by_id" ON "official_session" ("opened_by_id")',
    'CREATE TABLE IF NOT EXISTS "cases" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"tracking_code" VARCHAR(16) NOT NULL, "citizen_id" INTEGER NOT NULL, "county_id" INTEGER NOT NULL, '
    '"channel" VARCHAR(20) NOT NULL, "request_type_id" INTEGER NOT NULL, "category_id" INTEGER NOT NULL, '
    '"agency_id" INTEGER, "subject" VARCHAR(200) NOT NULL, "description" TEXT NOT NULL, '
    '"search_key" TEXT NOT NULL, "next_step" VARCHAR(20) NOT NULL, "status" VARCHAR(20) NOT NULL, '
    '"outcome" VARCHAR(30), "operator_id" INTEGER NOT NULL, "session_id" INTEGER, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "closed_at" DATETIME, '
    '"version" INTEGER NOT NULL, '
    'FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("request_type_id") REFERENCES "request_type" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "cases_tracking_code" ON "cases" ("tracking_code")',
    'CREATE INDEX IF NOT EXISTS "cases_citizen_id" ON "cases" ("citizen_id")',
    'CREATE INDEX IF NOT EXISTS "cases_county_id" ON "cases" ("county_id")',
    'CREATE INDEX IF NOT EXISTS "cases_request_type_id" ON "cases" ("request_type_id")',
    'CREATE INDEX IF NOT EXISTS "cases_category_id" ON "cases" ("category_id")',
    'CREATE INDEX IF NOT EXISTS "cases_agency_id" ON "cases" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "cases_status" ON "cases" ("status")',
    'CREATE INDEX IF NOT EXISTS "cases_operator_id" ON "cases" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "cases_session_id" ON "cases" ("session_id")',
    'CREATE INDEX IF NOT EXISTS "cases_created_at" ON "cases" ("created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_status_created_at" ON "cases" ("status", "created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_agency_id_created_at" ON "cases" ("agency_id", "created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_citizen_id_created_at" ON "cases" ("citizen_id", "created_at")',
    'CREATE TABLE IF NOT EXISTS "referral" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"agency_id" INTEGER NOT NULL, "instruction" TEXT NOT NULL, "priority" VARCHAR(10) NOT NULL, '
    '"due_date" DATE NOT NULL, "working_days" INTEGER NOT NULL, "status" VARCHAR(20) NOT NULL, '
    '"prepared_by_id" INTEGER NOT NULL, "official_id" INTEGER, "session_id" INTEGER, '
    '"rerouted_from_id" INTEGER, "created_at" DATETIME NOT NULL, "issued_at" DATETIME, '
    '"answered_at" DATETIME, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("prepared_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("official_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("rerouted_from_id") REFERENCES "referral" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "referral_case_id" ON "referral" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "referral_agency_id" ON "referral" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "referral_due_date" ON "referral" ("due_date")',
    'CREATE INDEX IF NOT EXISTS "referral_status" ON "referral" ("status")',
    'CREATE INDEX IF NOT EXISTS "referral_prepared_by_id" ON "referral" ("prepared_by_id")',
    'CREATE INDEX IF NOT EXISTS "referral_official_id" ON "referral" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "referral_session_id" ON "referral" ("session_id")',
    'CREATE INDEX IF NOT EXISTS "referral_rerouted_from_id" ON "referral" ("rerouted_from_id")',
    'CREATE INDEX IF NOT EXISTS "referral_issued_at" ON "referral" ("issued_at")',
    'CREATE INDEX IF NOT EXISTS "referral_agency_id_issued_at" ON "referral" ("agency_id", "issued_at")',
    'CREATE INDEX IF NOT EXISTS "referral_status_due_date" ON "referral" ("status", "due_date")',
    'CREATE TABLE IF NOT EXISTS "agency_response" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "agency_letter_number" VARCHAR(60) NOT NULL, '
    '"agency_letter_date" DATE, "text" TEXT NOT NULL, "result" VARCHAR(30) NOT NULL, '
    '"received_by_id" INTEGER NOT NULL, "received_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("received_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "agency_response_referral_id" ON "agency_response" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "agency_response_received_by_id" ON "agency_response" ("received_by_id")',
    'CREATE INDEX IF NOT EXISTS "agency_response_received_at" ON "agency_response" ("received_at")',
    'CREATE TABLE IF NOT EXISTS "article" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(20) NOT NULL, '
    '"title" VARCHAR(300) NOT NULL, "body" TEXT NOT NULL, "number" VARCHAR(60) NOT NULL, "issued_on" DATE, '
    '"issuer" VARCHAR(200) NOT NULL, "agency_id" INTEGER, "in_force" INTEGER NOT NULL, '
    '"superseded_by_id" INTEGER, "active" INTEGER NOT NULL, "version" INTEGER NOT NULL, '
    '"search_key" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("superseded_by_id") REFERENCES "article" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "article_kind" ON "article" ("kind")',
    'CREATE INDEX IF NOT EXISTS "article_agency_id" ON "article" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "article_superseded_by_id" ON "article" ("superseded_by_id")',
    'CREATE TABLE IF NOT EXISTS "article_version" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"article_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, "title" VARCHAR(300) NOT NULL, '
    '"body" TEXT NOT NULL, "fields" TEXT NOT NULL, "saved_by_id" INTEGER NOT NULL, '
    '"saved_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("saved_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "article_version_article_id" ON "article_version" ("article_id")',
    'CREATE INDEX IF NOT EXISTS "article_version_saved_by_id" ON "article_version" ("saved_by_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "article_version_article_id_version" ON "article_version" ("article_id", '
    '"version")',
    'CREATE TABLE IF NOT EXISTS "attachment" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "response_id" INTEGER, "filename" VARCHAR(250) NOT NULL, '
    '"mime_type" VARCHAR(100) NOT NULL, "data" BLOB NOT NULL, "added_by_id" INTEGER NOT NULL, '
    '"added_at" DATETIME NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("response_id") REFERENCES "agency_response" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("added_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "attachment_case_id" ON "attachment" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "attachment_response_id" ON "attachment" ("response_id")',
    'CREATE INDEX IF NOT EXISTS "attachment_added_by_id" ON "attachment" ("added_by_id")',
    'CREATE TABLE IF NOT EXISTS "callback" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"operator_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, "reached" INTEGER NOT NULL, '
    '"satisfaction" VARCHAR(20), "comment" TEXT NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "callback_case_id" ON "callback" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "callback_operator_id" ON "callback" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "callback_at" ON "callback" ("at")',
    'CREATE TABLE IF NOT EXISTS "case_article" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "article_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, '
    '"by_id" INTEGER NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "case_article_case_id" ON "case_article" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "case_article_article_id" ON "case_article" ("article_id")',
    'CREATE INDEX IF NOT EXISTS "case_article_at" ON "case_article" ("at")',
    'CREATE INDEX IF NOT EXISTS "case_article_by_id" ON "case_article" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"at" DATETIME NOT NULL, "operator_id" INTEGER NOT NULL, "channel" VARCHAR(20) NOT NULL, '
    '"kind" VARCHAR(20) NOT NULL, "note" TEXT NOT NULL, "session_id" INTEGER, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "contact_case_id" ON "contact" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "contact_at" ON "contact" ("at")',
    'CREATE INDEX IF NOT EXISTS "contact_operator_id" ON "contact" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "contact_session_id" ON "contact" ("session_id")',
    'CREATE TABLE IF NOT EXISTS "letter" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"number" VARCHAR(40) NOT NULL, "year" INTEGER NOT NULL, "serial" INTEGER NOT NULL, '
    '"kind" VARCHAR(20) NOT NULL, "referral_id" INTEGER NOT NULL, "issued_at" DATETIME NOT NULL, '
    '"issued_by_id" INTEGER NOT NULL, "content" TEXT NOT NULL, "status" VARCHAR(20) NOT NULL, '
    '"cancelled_at" DATETIME, "cancelled_by_id" INTEGER, "cancel_reason" TEXT NOT NULL, '
    '"replaces_id" INTEGER, "follows_id" INTEGER, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("issued_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("cancelled_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("replaces_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("follows_id") REFERENCES "letter" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "letter_number" ON "letter" ("number")',
    'CREATE INDEX IF NOT EXISTS "letter_referral_id" ON "letter" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "letter_issued_at" ON "letter" ("issued_at")',
    'CREATE INDEX IF NOT EXISTS "letter_issued_by_id" ON "letter" ("issued_by_id")',
    'CREATE INDEX IF NOT EXISTS "letter_cancelled_by_id" ON "letter" ("cancelled_by_id")',
    'CREATE INDEX IF NOT EXISTS "letter_replaces_id" ON "letter" ("replaces_id")',
    'CREATE INDEX IF NOT EXISTS "letter_follows_id" ON "letter" ("follows_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "letter_year_serial" ON "letter" ("year", "serial")',
    'CREATE TABLE IF NOT EXISTS "escalation" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "letter_id" INTEGER, "at" DATETIME NOT NULL, "reason" TEXT NOT NULL, '
    '"by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "escalation_referral_id" ON "escalation" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "escalation_letter_id" ON "escalation" ("letter_id")',
    'CREATE INDEX IF NOT EXISTS "escalation_by_id" ON "escalation" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "letter_counter" ("year" INTEGER NOT NULL PRIMARY KEY, '
    '"last_serial" INTEGER NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "reminder" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "letter_id" INTEGER, "at" DATETIME NOT NULL, '
    '"previous_due_date" DATE NOT NULL, "new_due_date" DATE NOT NULL, "by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "reminder_referral_id" ON "reminder" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "reminder_letter_id" ON "reminder" ("letter_id")',
    'CREATE INDEX IF NOT EXISTS "reminder_by_id" ON "reminder" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "tracking_counter" ("year" INTEGER NOT NULL PRIMARY KEY, '
    '"last_serial" INTEGER NOT NULL)',
]

POSTGRES = [
    'CREATE TABLE IF NOT EXISTS "citizen" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"full_name" VARCHAR(120) NOT NULL, "name_key" VARCHAR(120) NOT NULL, "national_code" VARCHAR(10), '
    '"phone" VARCHAR(11), "county_id" INTEGER, "address" VARCHAR(300) NOT NULL, '
    '"created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "citizen_name_key" ON "citizen" ("name_key")',
    'CREATE INDEX IF NOT EXISTS "citizen_national_code" ON "citizen" ("national_code")',
    'CREATE INDEX IF NOT EXISTS "citizen_phone" ON "citizen" ("phone")',
    'CREATE INDEX IF NOT EXISTS "citizen_county_id" ON "citizen" ("county_id")',
    'CREATE TABLE IF NOT EXISTS "official" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"full_name" VARCHAR(120) NOT NULL, "title" VARCHAR(150) NOT NULL, "agency_id" INTEGER, '
    '"phone" VARCHAR(11) NOT NULL, "user_id" INTEGER, "active" BOOLEAN NOT NULL, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "official_agency_id" ON "official" ("agency_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "official_user_id" ON "official" ("user_id")',
    'CREATE TABLE IF NOT EXISTS "attendance_slot" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"official_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start_time" TIME NOT NULL, '
    '"end_time" TIME NOT NULL, "status" VARCHAR(20) NOT NULL, "note" VARCHAR(250) NOT NULL, '
    'FOREIGN KEY ("official_id") REFERENCES "official" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "attendance_slot_official_id" ON "attendance_slot" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "attendance_slot_date" ON "attendance_slot" ("date")',
    'CREATE TABLE IF NOT EXISTS "official_session" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"official_id" INTEGER NOT NULL, "slot_id" INTEGER, "checked_in_at" TIMESTAMP NOT NULL, '
    '"checked_out_at" TIMESTAMP, "opened_by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("official_id") REFERENCES "official" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("slot_id") REFERENCES "attendance_slot" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("opened_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "official_session_official_id" ON "official_session" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "official_session_slot_id" ON "official_session" ("slot_id")',
    'CREATE INDEX IF NOT EXISTS "official_session_checked_in_at" ON "official_session" ("checked_in_at")',
    'CREATE INDEX IF NOT EXISTS "official_session_opened_by_id" ON "official_session" ("opened_by_id")',
    'CREATE TABLE IF NOT EXISTS "cases" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"tracking_code" VARCHAR(16) NOT NULL, "citizen_id" INTEGER NOT NULL, "county_id" INTEGER NOT NULL, '
    '"channel" VARCHAR(20) NOT NULL, "request_type_id" INTEGER NOT NULL, "category_id" INTEGER NOT NULL, '
    '"agency_id" INTEGER, "subject" VARCHAR(200) NOT NULL, "description" TEXT NOT NULL, '
    '"search_key" TEXT NOT NULL, "next_step" VARCHAR(20) NOT NULL, "status" VARCHAR(20) NOT NULL, '
    '"outcome" VARCHAR(30), "operator_id" INTEGER NOT NULL, "session_id" INTEGER, '
    '"created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "closed_at" TIMESTAMP, '
    '"version" INTEGER NOT NULL, '
    'FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("request_type_id") REFERENCES "request_type" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "cases_tracking_code" ON "cases" ("tracking_code")',
    'CREATE INDEX IF NOT EXISTS "cases_citizen_id" ON "cases" ("citizen_id")',
    'CREATE INDEX IF NOT EXISTS "cases_county_id" ON "cases" ("county_id")',
    'CREATE INDEX IF NOT EXISTS "cases_request_type_id" ON "cases" ("request_type_id")',
    'CREATE INDEX IF NOT EXISTS "cases_category_id" ON "cases" ("category_id")',
    'CREATE INDEX IF NOT EXISTS "cases_agency_id" ON "cases" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "cases_status" ON "cases" ("status")',
    'CREATE INDEX IF NOT EXISTS "cases_operator_id" ON "cases" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "cases_session_id" ON "cases" ("session_id")',
    'CREATE INDEX IF NOT EXISTS "cases_created_at" ON "cases" ("created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_status_created_at" ON "cases" ("status", "created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_agency_id_created_at" ON "cases" ("agency_id", "created_at")',
    'CREATE INDEX IF NOT EXISTS "cases_citizen_id_created_at" ON "cases" ("citizen_id", "created_at")',
    'CREATE TABLE IF NOT EXISTS "referral" ("id" SERIAL NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"agency_id" INTEGER NOT NULL, "instruction" TEXT NOT NULL, "priority" VARCHAR(10) NOT NULL, '
    '"due_date" DATE NOT NULL, "working_days" BOOLEAN NOT NULL, "status" VARCHAR(20) NOT NULL, '
    '"prepared_by_id" INTEGER NOT NULL, "official_id" INTEGER, "session_id" INTEGER, '
    '"rerouted_from_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "issued_at" TIMESTAMP, '
    '"answered_at" TIMESTAMP, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("prepared_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("official_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("rerouted_from_id") REFERENCES "referral" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "referral_case_id" ON "referral" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "referral_agency_id" ON "referral" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "referral_due_date" ON "referral" ("due_date")',
    'CREATE INDEX IF NOT EXISTS "referral_status" ON "referral" ("status")',
    'CREATE INDEX IF NOT EXISTS "referral_prepared_by_id" ON "referral" ("prepared_by_id")',
    'CREATE INDEX IF NOT EXISTS "referral_official_id" ON "referral" ("official_id")',
    'CREATE INDEX IF NOT EXISTS "referral_session_id" ON "referral" ("session_id")',
    'CREATE INDEX IF NOT EXISTS "referral_rerouted_from_id" ON "referral" ("rerouted_from_id")',
    'CREATE INDEX IF NOT EXISTS "referral_issued_at" ON "referral" ("issued_at")',
    'CREATE INDEX IF NOT EXISTS "referral_agency_id_issued_at" ON "referral" ("agency_id", "issued_at")',
    'CREATE INDEX IF NOT EXISTS "referral_status_due_date" ON "referral" ("status", "due_date")',
    'CREATE TABLE IF NOT EXISTS "agency_response" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "agency_letter_number" VARCHAR(60) NOT NULL, '
    '"agency_letter_date" DATE, "text" TEXT NOT NULL, "result" VARCHAR(30) NOT NULL, '
    '"received_by_id" INTEGER NOT NULL, "received_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("received_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "agency_response_referral_id" ON "agency_response" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "agency_response_received_by_id" ON "agency_response" ("received_by_id")',
    'CREATE INDEX IF NOT EXISTS "agency_response_received_at" ON "agency_response" ("received_at")',
    'CREATE TABLE IF NOT EXISTS "article" ("id" SERIAL NOT NULL PRIMARY KEY, "kind" VARCHAR(20) NOT NULL, '
    '"title" VARCHAR(300) NOT NULL, "body" TEXT NOT NULL, "number" VARCHAR(60) NOT NULL, "issued_on" DATE, '
    '"issuer" VARCHAR(200) NOT NULL, "agency_id" INTEGER, "in_force" BOOLEAN NOT NULL, '
    '"superseded_by_id" INTEGER, "active" BOOLEAN NOT NULL, "version" INTEGER NOT NULL, '
    '"search_key" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("superseded_by_id") REFERENCES "article" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "article_kind" ON "article" ("kind")',
    'CREATE INDEX IF NOT EXISTS "article_agency_id" ON "article" ("agency_id")',
    'CREATE INDEX IF NOT EXISTS "article_superseded_by_id" ON "article" ("superseded_by_id")',
    'CREATE TABLE IF NOT EXISTS "article_version" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"article_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, "title" VARCHAR(300) NOT NULL, '
    '"body" TEXT NOT NULL, "fields" TEXT NOT NULL, "saved_by_id" INTEGER NOT NULL, '
    '"saved_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("saved_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "article_version_article_id" ON "article_version" ("article_id")',
    'CREATE INDEX IF NOT EXISTS "article_version_saved_by_id" ON "article_version" ("saved_by_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "article_version_article_id_version" ON "article_version" ("article_id", '
    '"version")',
    'CREATE TABLE IF NOT EXISTS "attachment" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "response_id" INTEGER, "filename" VARCHAR(250) NOT NULL, '
    '"mime_type" VARCHAR(100) NOT NULL, "data" BYTEA NOT NULL, "added_by_id" INTEGER NOT NULL, '
    '"added_at" TIMESTAMP NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("response_id") REFERENCES "agency_response" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("added_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "attachment_case_id" ON "attachment" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "attachment_response_id" ON "attachment" ("response_id")',
    'CREATE INDEX IF NOT EXISTS "attachment_added_by_id" ON "attachment" ("added_by_id")',
    'CREATE TABLE IF NOT EXISTS "callback" ("id" SERIAL NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"operator_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "reached" BOOLEAN NOT NULL, '
    '"satisfaction" VARCHAR(20), "comment" TEXT NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "callback_case_id" ON "callback" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "callback_operator_id" ON "callback" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "callback_at" ON "callback" ("at")',
    'CREATE TABLE IF NOT EXISTS "case_article" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "article_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, '
    '"by_id" INTEGER NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "case_article_case_id" ON "case_article" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "case_article_article_id" ON "case_article" ("article_id")',
    'CREATE INDEX IF NOT EXISTS "case_article_at" ON "case_article" ("at")',
    'CREATE INDEX IF NOT EXISTS "case_article_by_id" ON "case_article" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "contact" ("id" SERIAL NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"at" TIMESTAMP NOT NULL, "operator_id" INTEGER NOT NULL, "channel" VARCHAR(20) NOT NULL, '
    '"kind" VARCHAR(20) NOT NULL, "note" TEXT NOT NULL, "session_id" INTEGER, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("operator_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("session_id") REFERENCES "official_session" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "contact_case_id" ON "contact" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "contact_at" ON "contact" ("at")',
    'CREATE INDEX IF NOT EXISTS "contact_operator_id" ON "contact" ("operator_id")',
    'CREATE INDEX IF NOT EXISTS "contact_session_id" ON "contact" ("session_id")',
    'CREATE TABLE IF NOT EXISTS "letter" ("id" SERIAL NOT NULL PRIMARY KEY, "number" VARCHAR(40) NOT NULL, '
    '"year" INTEGER NOT NULL, "serial" INTEGER NOT NULL, "kind" VARCHAR(20) NOT NULL, '
    '"referral_id" INTEGER NOT NULL, "issued_at" TIMESTAMP NOT NULL, "issued_by_id" INTEGER NOT NULL, '
    '"content" TEXT NOT NULL, "status" VARCHAR(20) NOT NULL, "cancelled_at" TIMESTAMP, '
    '"cancelled_by_id" INTEGER, "cancel_reason" TEXT NOT NULL, "replaces_id" INTEGER, '
    '"follows_id" INTEGER, FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("issued_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("cancelled_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("replaces_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("follows_id") REFERENCES "letter" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "letter_number" ON "letter" ("number")',
    'CREATE INDEX IF NOT EXISTS "letter_referral_id" ON "letter" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "letter_issued_at" ON "letter" ("issued_at")',
    'CREATE INDEX IF NOT EXISTS "letter_issued_by_id" ON "letter" ("issued_by_id")',
    'CREATE INDEX IF NOT EXISTS "letter_cancelled_by_id" ON "letter" ("cancelled_by_id")',
    'CREATE INDEX IF NOT EXISTS "letter_replaces_id" ON "letter" ("replaces_id")',
    'CREATE INDEX IF NOT EXISTS "letter_follows_id" ON "letter" ("follows_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "letter_year_serial" ON "letter" ("year", "serial")',
    'CREATE TABLE IF NOT EXISTS "escalation" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "letter_id" INTEGER, "at" TIMESTAMP NOT NULL, "reason" TEXT NOT NULL, '
    '"by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "escalation_referral_id" ON "escalation" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "escalation_letter_id" ON "escalation" ("letter_id")',
    'CREATE INDEX IF NOT EXISTS "escalation_by_id" ON "escalation" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "letter_counter" ("year" INTEGER NOT NULL PRIMARY KEY, '
    '"last_serial" INTEGER NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "reminder" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"referral_id" INTEGER NOT NULL, "letter_id" INTEGER, "at" TIMESTAMP NOT NULL, '
    '"previous_due_date" DATE NOT NULL, "new_due_date" DATE NOT NULL, "by_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "reminder_referral_id" ON "reminder" ("referral_id")',
    'CREATE INDEX IF NOT EXISTS "reminder_letter_id" ON "reminder" ("letter_id")',
    'CREATE INDEX IF NOT EXISTS "reminder_by_id" ON "reminder" ("by_id")',
    'CREATE TABLE IF NOT EXISTS "tracking_counter" ("year" INTEGER NOT NULL PRIMARY KEY, '
    '"last_serial" INTEGER NOT NULL)',
]


def apply(db: peewee.Database) -> None:
    for sql in POSTGRES if isinstance(db, peewee.PostgresqlDatabase) else SQLITE:
        db.execute_sql(sql)
