//! The tables as both backends see them; kept in step with `migrations/*/` by hand, since
//! `diesel print-schema` would need a live database of each kind.

diesel::table! {
    skills (uri) {
        uri -> Text,
        skill_type -> Nullable<Text>,
        reuse_level -> Nullable<Text>,
        preferred_label -> Text,
        alt_labels -> Text,
        hidden_labels -> Text,
        description -> Text,
        status -> Text,
        modified -> Nullable<Text>,
        obsolete -> Bool,
    }
}

diesel::table! {
    skill_groups (uri) {
        uri -> Text,
        code -> Nullable<Text>,
        preferred_label -> Text,
        alt_labels -> Text,
        hidden_labels -> Text,
        description -> Text,
        status -> Text,
        obsolete -> Bool,
    }
}

diesel::table! {
    occupations (uri) {
        uri -> Text,
        isco_group -> Text,
        code -> Text,
        preferred_label -> Text,
        alt_labels -> Text,
        hidden_labels -> Text,
        description -> Text,
        definition -> Text,
        regulated_profession_note -> Text,
        status -> Text,
        modified -> Nullable<Text>,
        obsolete -> Bool,
    }
}

diesel::table! {
    isco_groups (uri) {
        uri -> Text,
        code -> Text,
        preferred_label -> Text,
        alt_labels -> Text,
        hidden_labels -> Text,
        description -> Text,
        status -> Text,
        obsolete -> Bool,
    }
}

diesel::table! {
    occupation_skills (occupation_uri, skill_uri) {
        occupation_uri -> Text,
        skill_uri -> Text,
        relation_type -> Text,
    }
}

diesel::table! {
    broader_relations (concept_uri, broader_uri) {
        concept_uri -> Text,
        concept_type -> Text,
        broader_uri -> Text,
        broader_type -> Text,
    }
}

diesel::table! {
    skill_relations (original_uri, related_uri) {
        original_uri -> Text,
        related_uri -> Text,
        relation_type -> Text,
    }
}

diesel::table! {
    skill_hierarchy (uri) {
        uri -> Text,
        level -> Integer,
        code -> Text,
        preferred_label -> Text,
        parent_uri -> Nullable<Text>,
        description -> Text,
        scope_note -> Text,
    }
}

diesel::table! {
    collection_members (collection, concept_uri) {
        collection -> Text,
        concept_uri -> Text,
    }
}

diesel::table! {
    esco_releases (id) {
        id -> BigInt,
        release_label -> Text,
        loaded_at -> Timestamp,
        summary -> Text,
    }
}

diesel::table! {
    vacancies (id) {
        id -> Text,
        title -> Text,
        employer -> Nullable<Text>,
        municipality -> Nullable<Text>,
        region -> Nullable<Text>,
        postcode -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        posted -> Nullable<Date>,
        closing -> Nullable<Date>,
        contract_type -> Nullable<Text>,
        working_time -> Nullable<Text>,
        salary_min -> Nullable<Double>,
        salary_max -> Nullable<Double>,
        salary_currency -> Nullable<Text>,
        salary_period -> Nullable<Text>,
        description -> Text,
        occupation_uri -> Nullable<Text>,
        source -> Text,
        loaded_at -> Timestamp,
        occupation_score -> Nullable<Double>,
    }
}

diesel::table! {
    vacancy_skills (vacancy_id, skill_uri) {
        vacancy_id -> Text,
        skill_uri -> Text,
        origin -> Text,
        confidence -> Nullable<Double>,
    }
}

diesel::table! {
    courses (id) {
        id -> Text,
        title -> Text,
        issuer_country -> Nullable<Text>,
        issuer_region -> Nullable<Text>,
        awarding_body -> Text,
        date_of_issue -> Nullable<Date>,
        ects -> Nullable<Double>,
        eqf_level -> Nullable<Integer>,
        assessment -> Nullable<Text>,
        mode -> Text,
        pace -> Text,
        quality_assurance -> Nullable<Text>,
        provider -> Text,
        hours -> Nullable<Double>,
        price_minor -> BigInt,
        currency -> Text,
        eligible_funding -> Text,
        languages -> Text,
        accessibility -> Text,
        prerequisites -> Text,
        stacks_into -> Nullable<Text>,
        url -> Nullable<Text>,
        incomplete -> Text,
        source -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    course_outcomes (course_id, position) {
        course_id -> Text,
        position -> Integer,
        text -> Text,
    }
}

diesel::table! {
    course_outcome_skills (course_id, outcome, position) {
        course_id -> Text,
        outcome -> Integer,
        position -> Integer,
        skill_uri -> Text,
    }
}

diesel::table! {
    course_sessions (course_id, position) {
        course_id -> Text,
        position -> Integer,
        start_date -> Date,
        end_date -> Nullable<Date>,
        online -> Bool,
        municipality -> Nullable<Text>,
        region -> Nullable<Text>,
        postcode -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        seats -> Nullable<BigInt>,
    }
}

diesel::table! {
    jobseekers (id) {
        id -> Text,
        office -> Text,
        work_history -> Text,
        target_occupations -> Text,
        municipality -> Nullable<Text>,
        region -> Nullable<Text>,
        postcode -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        travel_radius_km -> Double,
        available_from -> Nullable<Date>,
        preferred_modes -> Text,
        languages -> Text,
        accessibility_needs -> Text,
        budget_minor -> Nullable<BigInt>,
        funding_eligibility -> Text,
        highest_eqf -> Nullable<Integer>,
        source -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    jobseeker_skills (jobseeker_id, position) {
        jobseeker_id -> Text,
        position -> Integer,
        skill_uri -> Text,
        skill_source -> Text,
    }
}

diesel::table! {
    jobseeker_groups (jobseeker_id) {
        jobseeker_id -> Text,
        young -> Bool,
        long_term_unemployed -> Bool,
        minimum_income -> Bool,
        disability -> Bool,
        low_qualified -> Bool,
        older_worker -> Bool,
        lawful_basis -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    outcome_events (id) {
        id -> BigInt,
        idempotency_key -> Text,
        kind -> Text,
        jobseeker_id -> Text,
        course_id -> Nullable<Text>,
        occurred_at -> Timestamp,
        occupation_uri -> Nullable<Text>,
        contract_type -> Nullable<Text>,
        employment_start -> Nullable<Date>,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(vacancy_skills -> vacancies (vacancy_id));
diesel::joinable!(occupation_skills -> occupations (occupation_uri));
diesel::joinable!(occupation_skills -> skills (skill_uri));
diesel::joinable!(course_outcomes -> courses (course_id));
diesel::joinable!(course_sessions -> courses (course_id));
diesel::joinable!(jobseeker_skills -> jobseekers (jobseeker_id));
// jobseeker_groups is deliberately not joinable with jobseekers: group flags are read only
// through their own query, never alongside a profile.

diesel::allow_tables_to_appear_in_same_query!(
    skills,
    skill_groups,
    occupations,
    isco_groups,
    occupation_skills,
    broader_relations,
    skill_relations,
    skill_hierarchy,
    collection_members,
    esco_releases,
    vacancies,
    vacancy_skills,
    courses,
    course_outcomes,
    course_outcome_skills,
    course_sessions,
    jobseekers,
    jobseeker_skills,
    outcome_events,
    credentials,
);

diesel::table! {
    users (id) {
        id -> BigInt,
        role -> Text,
        office -> Nullable<Text>,
        jobseeker_id -> Nullable<Text>,
        token_sha256 -> Text,
        created_at -> Timestamp,
        disabled -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        user_id -> BigInt,
        action -> Text,
        subject -> Nullable<Text>,
        purpose -> Text,
    }
}

diesel::table! {
    credentials (id) {
        id -> Text,
        jobseeker_id -> Text,
        course_id -> Text,
        ob3_json -> Text,
        elm_json -> Text,
        issued_at -> Timestamp,
        status_index -> BigInt,
        revoked -> Bool,
        status_list -> BigInt,
        learner_salt -> Nullable<Text>,
    }
}

diesel::table! {
    referrals (id) {
        id -> BigInt,
        jobseeker_id -> Text,
        course_id -> Text,
        decided_by -> BigInt,
        decided_at -> Timestamp,
        decision -> Text,
        suggested_rank -> Nullable<Integer>,
        reason -> Nullable<Text>,
    }
}
