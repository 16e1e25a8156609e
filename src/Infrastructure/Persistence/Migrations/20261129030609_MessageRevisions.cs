using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TodoChat.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Messages are immutable to the API, not to an operator. Any UPDATE or DELETE of stored messages
    /// (a redaction, an erasure), whoever runs it, bumps the revision of the conversations it touched,
    /// and TRUNCATE bumps them all; the revision is part of the ETag and of the keys under which
    /// instances keep messages in memory. Appends need no bump: they change the message count. The
    /// change notifications of the conversation state cache go: every request now reads the state.
    /// </summary>
    public partial class MessageRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "revision",
                table: "conversations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql("""
                DROP TRIGGER conversations_truncated ON conversations;
                DROP TRIGGER conversations_changed ON conversations;
                DROP FUNCTION notify_conversation_changed();

                CREATE FUNCTION bump_conversation_revision() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        UPDATE conversations SET revision = revision + 1;
                    ELSE
                        UPDATE conversations SET revision = revision + 1
                        WHERE id IN (SELECT DISTINCT conversation_id FROM changed_messages);
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER messages_updated
                    AFTER UPDATE ON messages REFERENCING OLD TABLE AS changed_messages
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_conversation_revision();

                CREATE TRIGGER messages_deleted
                    AFTER DELETE ON messages REFERENCING OLD TABLE AS changed_messages
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_conversation_revision();

                CREATE TRIGGER messages_truncated
                    AFTER TRUNCATE ON messages
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_conversation_revision();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER messages_truncated ON messages;
                DROP TRIGGER messages_deleted ON messages;
                DROP TRIGGER messages_updated ON messages;
                DROP FUNCTION bump_conversation_revision();

                CREATE FUNCTION notify_conversation_changed() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_LEVEL = 'STATEMENT' THEN
                        PERFORM pg_notify('todochat_conversation_changed', '*');
                    ELSE
                        PERFORM pg_notify('todochat_conversation_changed', OLD.id::text);
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER conversations_changed
                    AFTER UPDATE OR DELETE ON conversations
                    FOR EACH ROW EXECUTE FUNCTION notify_conversation_changed();

                CREATE TRIGGER conversations_truncated
                    AFTER TRUNCATE ON conversations
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_conversation_changed();
                """);

            migrationBuilder.DropColumn(
                name: "revision",
                table: "conversations");
        }
    }
}
