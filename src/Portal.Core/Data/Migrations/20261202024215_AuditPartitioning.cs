using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <summary>
/// The audit log partitioned by month (hand-written: EF Core cannot express a partitioned table)
/// and each organisation's audit log retention (1–10 years, default 7).
/// </summary>
public partial class AuditPartitioning : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(
            name: "AuditRetentionYears",
            table: "Organisations",
            type: "integer",
            nullable: false,
            defaultValue: 7);

        migrationBuilder.AddCheckConstraint(
            name: "CK_Organisations_AuditRetentionYears",
            table: "Organisations",
            sql: "\"AuditRetentionYears\" BETWEEN 1 AND 10");

        // AuditEvents becomes a table partitioned by month (range on OccurredAt, UTC months), with
        // a default partition for anything outside them. PostgreSQL requires the partition key in
        // the primary key, so it becomes (Id, OccurredAt); a partitioned table cannot have an
        // identity column before PostgreSQL 17, so Id takes its values from a sequence. The
        // existing events are copied into partitions for every month they cover.
        migrationBuilder.Sql("""
            ALTER TABLE "AuditEvents" RENAME TO "AuditEvents_unpartitioned";
            ALTER TABLE "AuditEvents_unpartitioned" DROP CONSTRAINT "PK_AuditEvents";
            DROP INDEX "IX_AuditEvents_ActorUserId_OccurredAt";
            DROP INDEX "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal";
            DROP INDEX "IX_AuditEvents_OrganisationId_OccurredAt_Id";
            DROP INDEX "IX_AuditEvents_TargetUserId_OccurredAt";
            ALTER TABLE "AuditEvents_unpartitioned" ALTER COLUMN "Id" DROP IDENTITY;

            CREATE SEQUENCE "AuditEvents_Id_seq";
            CREATE TABLE "AuditEvents" (
                "Id" bigint NOT NULL DEFAULT nextval('"AuditEvents_Id_seq"'),
                "OccurredAt" timestamp with time zone NOT NULL,
                "Type" character varying(64) NOT NULL,
                "ActorUserId" uuid NULL,
                "ActorEmail" character varying(256) NULL,
                "OrganisationId" uuid NULL,
                "TargetUserId" uuid NULL,
                "TargetEmail" character varying(256) NULL,
                "ClientAddress" character varying(64) NULL,
                "UserAgent" character varying(512) NULL,
                "Details" jsonb NULL,
                CONSTRAINT "PK_AuditEvents" PRIMARY KEY ("Id", "OccurredAt")
            ) PARTITION BY RANGE ("OccurredAt");
            ALTER SEQUENCE "AuditEvents_Id_seq" OWNED BY "AuditEvents"."Id";
            CREATE TABLE "AuditEvents_default" PARTITION OF "AuditEvents" DEFAULT;

            DO $$
            DECLARE
                month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
                last date := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date;
                oldest date;
                newest date;
            BEGIN
                SELECT date_trunc('month', min("OccurredAt") AT TIME ZONE 'UTC')::date,
                       date_trunc('month', max("OccurredAt") AT TIME ZONE 'UTC')::date
                INTO oldest, newest FROM "AuditEvents_unpartitioned";
                month := LEAST(month, COALESCE(oldest, month));
                last := GREATEST(last, COALESCE(newest, last));
                WHILE month <= last LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF "AuditEvents" FOR VALUES FROM (%L) TO (%L)',
                        'AuditEvents_y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM'),
                        month::text || ' 00:00:00+00',
                        (month + interval '1 month')::date::text || ' 00:00:00+00');
                    month := (month + interval '1 month')::date;
                END LOOP;
            END $$;

            INSERT INTO "AuditEvents" ("Id", "OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId",
                "TargetUserId", "TargetEmail", "ClientAddress", "UserAgent", "Details")
            SELECT "Id", "OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId",
                "TargetUserId", "TargetEmail", "ClientAddress", "UserAgent", "Details"
            FROM "AuditEvents_unpartitioned";
            SELECT setval('"AuditEvents_Id_seq"', COALESCE((SELECT max("Id") FROM "AuditEvents"), 0) + 1, false);
            DROP TABLE "AuditEvents_unpartitioned";

            CREATE INDEX "IX_AuditEvents_ActorUserId_OccurredAt" ON "AuditEvents" ("ActorUserId", "OccurredAt");
            CREATE INDEX "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal" ON "AuditEvents" ("ActorUserId", "OccurredAt" DESC, "Id" DESC) WHERE "OrganisationId" IS NULL;
            CREATE INDEX "IX_AuditEvents_OrganisationId_OccurredAt_Id" ON "AuditEvents" ("OrganisationId", "OccurredAt" DESC, "Id" DESC);
            CREATE INDEX "IX_AuditEvents_TargetUserId_OccurredAt" ON "AuditEvents" ("TargetUserId", "OccurredAt");
            ANALYZE "AuditEvents";
            """);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "AuditEvents" RENAME TO "AuditEvents_partitioned";
            CREATE TABLE "AuditEvents" (
                "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
                "OccurredAt" timestamp with time zone NOT NULL,
                "Type" character varying(64) NOT NULL,
                "ActorUserId" uuid NULL,
                "ActorEmail" character varying(256) NULL,
                "OrganisationId" uuid NULL,
                "TargetUserId" uuid NULL,
                "TargetEmail" character varying(256) NULL,
                "ClientAddress" character varying(64) NULL,
                "UserAgent" character varying(512) NULL,
                "Details" jsonb NULL
            );
            INSERT INTO "AuditEvents" ("Id", "OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId",
                "TargetUserId", "TargetEmail", "ClientAddress", "UserAgent", "Details")
            SELECT "Id", "OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId",
                "TargetUserId", "TargetEmail", "ClientAddress", "UserAgent", "Details"
            FROM "AuditEvents_partitioned";
            DROP TABLE "AuditEvents_partitioned";
            SELECT setval(pg_get_serial_sequence('"AuditEvents"', 'Id'), COALESCE((SELECT max("Id") FROM "AuditEvents"), 0) + 1, false);
            ALTER TABLE "AuditEvents" ADD CONSTRAINT "PK_AuditEvents" PRIMARY KEY ("Id");
            CREATE INDEX "IX_AuditEvents_ActorUserId_OccurredAt" ON "AuditEvents" ("ActorUserId", "OccurredAt");
            CREATE INDEX "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal" ON "AuditEvents" ("ActorUserId", "OccurredAt" DESC, "Id" DESC) WHERE "OrganisationId" IS NULL;
            CREATE INDEX "IX_AuditEvents_OrganisationId_OccurredAt_Id" ON "AuditEvents" ("OrganisationId", "OccurredAt" DESC, "Id" DESC);
            CREATE INDEX "IX_AuditEvents_TargetUserId_OccurredAt" ON "AuditEvents" ("TargetUserId", "OccurredAt");
            """);

        migrationBuilder.DropCheckConstraint(
            name: "CK_Organisations_AuditRetentionYears",
            table: "Organisations");

        migrationBuilder.DropColumn(
            name: "AuditRetentionYears",
            table: "Organisations");
    }
}
