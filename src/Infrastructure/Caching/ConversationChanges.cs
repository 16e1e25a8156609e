using Microsoft.EntityFrameworkCore;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.Infrastructure.Caching;

/// <summary>
/// The conversations this request's writes changed. Outside a transaction the write has committed,
/// so the cached row goes at once; inside one, it goes when <see cref="TransactionRunner"/> commits,
/// so a read in between cannot cache the row as it was before the commit.
/// </summary>
internal sealed class ConversationChanges(TodoChatDbContext db, ConversationStateCache cache)
{
    private readonly List<Guid> _pending = [];

    public void Changed(Guid conversationId)
    {
        if (db.Database.CurrentTransaction is null)
        {
            cache.Evict(conversationId);
        }
        else
        {
            _pending.Add(conversationId);
        }
    }

    /// <summary>A transaction is starting (or starting over after a retry).</summary>
    public void Reset() => _pending.Clear();

    /// <summary>The transaction committed: evict what it changed.</summary>
    public void Committed()
    {
        foreach (var id in _pending)
        {
            cache.Evict(id);
        }

        _pending.Clear();
    }
}
