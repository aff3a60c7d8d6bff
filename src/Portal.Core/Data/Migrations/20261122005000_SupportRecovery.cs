using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Core.Data.Migrations;

/// <summary>Support recovery: requests of people who lost every second factor, and their (encrypted) documents.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122005000_SupportRecovery")]
public sealed class SupportRecovery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            CREATE TABLE "RecoveryRequests" (
                "Id" uuid NOT NULL,
                "UserId" uuid NOT NULL,
                "Status" character varying(16) NOT NULL,
                "WhatHappened" character varying(2000) NOT NULL,
                "CallbackPhone" character varying(40) NOT NULL,
                "IsOrganisationAdmin" boolean NOT NULL,
                "NameMatchesAccount" boolean NOT NULL,
                "SelfieMatchesDocument" boolean NOT NULL,
                "RegistryExtractMatches" boolean NOT NULL,
                "CallbackMade" boolean NOT NULL,
                "Notes" character varying(4000),
                "FirstApproverId" uuid,
                "SecondApproverId" uuid,
                "ApprovedAt" timestamp with time zone,
                "EffectiveAt" timestamp with time zone,
                "CancelTokenHash" character varying(64) NOT NULL,
                "RejectedReason" character varying(1000),
                "DecidedAt" timestamp with time zone,
                "CreatedAt" timestamp with time zone NOT NULL,
                CONSTRAINT "PK_RecoveryRequests" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_RecoveryRequests_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );

            CREATE TABLE "RecoveryDocuments" (
                "Id" uuid NOT NULL,
                "RequestId" uuid NOT NULL,
                "Kind" character varying(32) NOT NULL,
                "FileName" character varying(200) NOT NULL,
                "ContentType" character varying(64) NOT NULL,
                "Size" bigint NOT NULL,
                "Content" bytea NOT NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                CONSTRAINT "PK_RecoveryDocuments" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_RecoveryDocuments_RecoveryRequests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "RecoveryRequests" ("Id") ON DELETE CASCADE
            );

            CREATE INDEX "IX_RecoveryDocuments_CreatedAt" ON "RecoveryDocuments" ("CreatedAt");

            CREATE INDEX "IX_RecoveryDocuments_RequestId" ON "RecoveryDocuments" ("RequestId");

            CREATE UNIQUE INDEX "IX_RecoveryRequests_CancelTokenHash" ON "RecoveryRequests" ("CancelTokenHash");

            CREATE INDEX "IX_RecoveryRequests_Status_CreatedAt" ON "RecoveryRequests" ("Status", "CreatedAt");

            CREATE INDEX "IX_RecoveryRequests_Status_EffectiveAt" ON "RecoveryRequests" ("Status", "EffectiveAt");

            CREATE UNIQUE INDEX "IX_RecoveryRequests_UserId_Open" ON "RecoveryRequests" ("UserId") WHERE "Status" IN ('Submitted', 'InReview', 'Approved');
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "RecoveryDocuments", "RecoveryRequests";""");
    }
}
