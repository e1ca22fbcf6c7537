-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "moduleTreeVersion" INTEGER NOT NULL DEFAULT 0;

-- The module tree's version: every insert, update and delete of a course's modules, items and
-- prerequisites bumps its course's "moduleTreeVersion" (services/module-tree.server.ts caches the
-- tree per version), whatever code or SQL made the change.
CREATE FUNCTION "bump_module_tree_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'ModulePrerequisite' THEN
        IF TG_OP <> 'INSERT' THEN
            UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = (SELECT "courseId" FROM "Module" WHERE "id" = OLD."moduleId");
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."moduleId" IS DISTINCT FROM OLD."moduleId") THEN
            UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = (SELECT "courseId" FROM "Module" WHERE "id" = NEW."moduleId");
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = OLD."courseId";
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."courseId" IS DISTINCT FROM OLD."courseId") THEN
            UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = NEW."courseId";
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER "Module_tree_version" AFTER INSERT OR UPDATE OR DELETE ON "Module" FOR EACH ROW EXECUTE FUNCTION "bump_module_tree_version"();
CREATE TRIGGER "ModuleItem_tree_version" AFTER INSERT OR UPDATE OR DELETE ON "ModuleItem" FOR EACH ROW EXECUTE FUNCTION "bump_module_tree_version"();
CREATE TRIGGER "ModulePrerequisite_tree_version" AFTER INSERT OR UPDATE OR DELETE ON "ModulePrerequisite" FOR EACH ROW EXECUTE FUNCTION "bump_module_tree_version"();
