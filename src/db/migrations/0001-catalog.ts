import type { Migration } from './index.js';

/**
 * The project, the catalog (patients → studies → series → instances, all
 * keyed by pseudonyms: nothing here existed before de-identification), and
 * ingest bookkeeping. Harmonised fields live on the level they describe; the
 * full de-identified header of each instance is kept as DICOM JSON (PS3.18
 * Annex F) without bulk data, as `json` rather than `jsonb`: it is written
 * for every instance and read whole, and jsonb's conversion tripled the
 * insert cost on the embedded database (searches use the harmonised columns).
 */
export const CATALOG_MIGRATION: Migration = {
  version: 1,
  name: 'catalog',
  statements: [
    // One row: the key fingerprint every pseudonym in this database was made
    // with. Ingest refuses a different key: its pseudonyms would not match.
    `CREATE TABLE project (
      id integer PRIMARY KEY CHECK (id = 1),
      key_fingerprint text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE patients (
      patient_id text PRIMARY KEY,
      sex text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE studies (
      study_uid text PRIMARY KEY,
      patient_id text NOT NULL REFERENCES patients (patient_id),
      study_date text,
      study_description text,
      age_band text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX studies_patient ON studies (patient_id)`,
    `CREATE INDEX studies_date ON studies (study_date)`,
    `CREATE TABLE series (
      series_uid text PRIMARY KEY,
      study_uid text NOT NULL REFERENCES studies (study_uid),
      modality text,
      body_part text,
      body_part_source text,
      manufacturer text,
      manufacturer_original text,
      model text,
      field_strength_t double precision,
      slice_thickness_mm double precision,
      pixel_spacing_row_mm double precision,
      pixel_spacing_column_mm double precision,
      kvp double precision,
      convolution_kernel text,
      contrast text,
      series_description text,
      protocol_name text,
      source text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX series_study ON series (study_uid)`,
    `CREATE INDEX series_modality ON series (modality)`,
    `CREATE INDEX series_body_part ON series (body_part)`,
    `CREATE INDEX series_manufacturer ON series (manufacturer)`,
    `CREATE TABLE instances (
      sop_instance_uid text PRIMARY KEY,
      series_uid text NOT NULL REFERENCES series (series_uid),
      sop_class_uid text,
      transfer_syntax_uid text NOT NULL,
      instance_number integer,
      frame_count integer NOT NULL,
      rows integer,
      columns integer,
      blob_sha256 text NOT NULL,
      size_bytes bigint NOT NULL,
      source_digest text NOT NULL,
      source text NOT NULL,
      run_id text NOT NULL,
      header json NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX instances_series ON instances (series_uid)`,
    // The same SOP Instance UID arrived with different content: never
    // overwritten; the newcomer is quarantined and flagged here.
    `CREATE TABLE instance_conflicts (
      id bigserial PRIMARY KEY,
      sop_instance_uid text NOT NULL,
      source_digest text NOT NULL,
      source text NOT NULL,
      run_id text NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (sop_instance_uid, source_digest)
    )`,
    `CREATE TABLE ingest_runs (
      run_id text PRIMARY KEY,
      source text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      counts jsonb
    )`,
    // Files already ingested from a folder, by a keyed reference to the path
    // (paths carry names and MRNs) and its size and mtime: a resumed run
    // skips them. Outcome is what the file ended as the first time.
    `CREATE TABLE ingested_files (
      file_ref text PRIMARY KEY,
      size_bytes bigint NOT NULL,
      mtime_ms double precision NOT NULL,
      outcome text NOT NULL,
      sop_instance_uid text,
      run_id text NOT NULL
    )`,
  ],
};
