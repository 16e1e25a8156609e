using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TodoChat.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TaskStatusPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_tasks_user_id_completed_id",
                table: "tasks",
                columns: new[] { "user_id", "completed", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_user_id_completed_id",
                table: "tasks");
        }
    }
}
