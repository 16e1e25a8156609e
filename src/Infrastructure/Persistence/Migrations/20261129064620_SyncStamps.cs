using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TodoChat.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SyncStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "sync_stamp",
                table: "messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "sync_stamp",
                table: "conversations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "conversation_tombstones",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    sync_stamp = table.Column<long>(type: "bigint", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_tombstones", x => x.conversation_id);
                });

            migrationBuilder.CreateTable(
                name: "sync_counters",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_counters", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversation_id_sync_stamp",
                table: "messages",
                columns: new[] { "conversation_id", "sync_stamp" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_user_id_sync_stamp",
                table: "conversations",
                columns: new[] { "user_id", "sync_stamp" });

            migrationBuilder.CreateIndex(
                name: "ix_conversation_tombstones_user_id_sync_stamp",
                table: "conversation_tombstones",
                columns: new[] { "user_id", "sync_stamp" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conversation_tombstones");

            migrationBuilder.DropTable(
                name: "sync_counters");

            migrationBuilder.DropIndex(
                name: "ix_messages_conversation_id_sync_stamp",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_conversations_user_id_sync_stamp",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "sync_stamp",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "sync_stamp",
                table: "conversations");
        }
    }
}
