-- Children before parents, so that foreign keys never point at a dropped table.
DROP TABLE esco_releases;
DROP TABLE collection_members;
DROP TABLE skill_hierarchy;
DROP TABLE skill_relations;
DROP TABLE broader_relations;
DROP TABLE occupation_skills;
DROP TABLE isco_groups;
DROP TABLE occupations;
DROP TABLE skill_groups;
DROP TABLE skills;
