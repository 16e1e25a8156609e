using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TodoChat.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Every change to a conversation row (an append updates it; a delete removes it) notifies the
    /// channel the state caches listen on, whoever the writer is: another instance, a script, psql.
    /// A truncate notifies "*". NOTIFY is delivered on commit, and not at all on rollback.
    /// </summary>
    public partial class ConversationChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER conversations_truncated ON conversations;
                DROP TRIGGER conversations_changed ON conversations;
                DROP FUNCTION notify_conversation_changed();
                """);
        }
    }
}
