-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Course" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "selfEnrollment" BOOLEAN NOT NULL DEFAULT false,
    "enrollmentCode" TEXT,
    "lateTokens" INTEGER NOT NULL DEFAULT 0,
    "autoApproveExtensionHours" INTEGER,
    "priceAmount" INTEGER,
    "priceCurrency" TEXT,
    "taSectionScoped" BOOLEAN NOT NULL DEFAULT false,
    "refundWindowDays" INTEGER NOT NULL DEFAULT 14,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "moduleTreeVersion" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Course_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Course" ("autoApproveExtensionHours", "createdAt", "createdById", "endsAt", "enrollmentCode", "id", "lateTokens", "priceAmount", "priceCurrency", "refundWindowDays", "selfEnrollment", "slug", "startsAt", "status", "summary", "taSectionScoped", "timeZone", "title", "updatedAt") SELECT "autoApproveExtensionHours", "createdAt", "createdById", "endsAt", "enrollmentCode", "id", "lateTokens", "priceAmount", "priceCurrency", "refundWindowDays", "selfEnrollment", "slug", "startsAt", "status", "summary", "taSectionScoped", "timeZone", "title", "updatedAt" FROM "Course";
DROP TABLE "Course";
ALTER TABLE "new_Course" RENAME TO "Course";
CREATE UNIQUE INDEX "Course_slug_key" ON "Course"("slug");
CREATE INDEX "Course_createdById_idx" ON "Course"("createdById");
CREATE INDEX "Course_status_title_idx" ON "Course"("status", "title");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The module tree's version: every insert, update and delete of a course's modules, items and
-- prerequisites bumps its course's "moduleTreeVersion" (services/module-tree.server.ts caches the
-- tree per version), whatever code or SQL made the change.
CREATE TRIGGER "Module_tree_version_insert" AFTER INSERT ON "Module" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = NEW."courseId";
END;
CREATE TRIGGER "Module_tree_version_update" AFTER UPDATE ON "Module" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" IN (OLD."courseId", NEW."courseId");
END;
CREATE TRIGGER "Module_tree_version_delete" AFTER DELETE ON "Module" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = OLD."courseId";
END;
CREATE TRIGGER "ModuleItem_tree_version_insert" AFTER INSERT ON "ModuleItem" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = NEW."courseId";
END;
CREATE TRIGGER "ModuleItem_tree_version_update" AFTER UPDATE ON "ModuleItem" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" IN (OLD."courseId", NEW."courseId");
END;
CREATE TRIGGER "ModuleItem_tree_version_delete" AFTER DELETE ON "ModuleItem" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = OLD."courseId";
END;
CREATE TRIGGER "ModulePrerequisite_tree_version_insert" AFTER INSERT ON "ModulePrerequisite" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = (SELECT "courseId" FROM "Module" WHERE "id" = NEW."moduleId");
END;
CREATE TRIGGER "ModulePrerequisite_tree_version_update" AFTER UPDATE ON "ModulePrerequisite" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" IN (SELECT "courseId" FROM "Module" WHERE "id" IN (OLD."moduleId", NEW."moduleId"));
END;
CREATE TRIGGER "ModulePrerequisite_tree_version_delete" AFTER DELETE ON "ModulePrerequisite" BEGIN
    UPDATE "Course" SET "moduleTreeVersion" = "moduleTreeVersion" + 1 WHERE "id" = (SELECT "courseId" FROM "Module" WHERE "id" = OLD."moduleId");
END;
