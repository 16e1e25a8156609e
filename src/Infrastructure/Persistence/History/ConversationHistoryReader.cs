using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Conversations;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Caching;
using TodoChat.Infrastructure.Persistence.Replicas;

namespace TodoChat.Infrastructure.Persistence.History;

/// <summary>
/// History reads with Npgsql directly, on one pooled connection per request (opened at the first read,
/// returned when the request's scope ends), with auto-prepared statements. The state always comes
/// from the primary; message blocks come from <see cref="HistoryBlockCache"/> when it holds them under
/// that state, else from a standby when one is configured (<see cref="ReplicaReads"/>), else from the
/// primary. Without the cache and standbys, the state and an unfiltered page are one statement.
/// </summary>
/// <remarks>
/// A standby's read is never stale: messages are immutable and <c>seq</c> is gapless, so a seq range
/// read is complete exactly when it returns every row of the range, and operators' changes bump the
/// conversation's revision, which the standby must have replayed too. A short answer means the standby
/// lags, and the primary answers instead.
/// </remarks>
internal sealed class ConversationHistoryReader(
    NpgsqlDataSource dataSource,
    ReplicaReads replicas,
    HistoryBlockCache cache,
    TodoChatMetrics metrics,
    IOptions<DatabaseOptions> options) : IConversationHistory, IAsyncDisposable
{
    private const string MessageColumns = "m.id, m.seq, m.role = 'user', m.content, m.created_at";

    private const string StateSql =
        "SELECT c.message_count, c.last_message_at, c.updated_at, c.revision FROM conversations AS c WHERE c.id = $1 AND c.user_id = $2";

    // The window's bounds, evaluated next to the count they may be relative to, in one snapshot.
    private const string StateAndPageSql =
        "SELECT c.message_count, c.last_message_at, c.updated_at, c.revision, " + MessageColumns + " " +
        "FROM conversations AS c " +
        "CROSS JOIN LATERAL (SELECT CASE WHEN $3 THEN c.message_count ELSE 0 END::bigint AS origin) AS w " +
        "LEFT JOIN LATERAL (SELECT m.id, m.seq, m.role, m.content, m.created_at FROM messages AS m " +
        "WHERE m.conversation_id = c.id AND m.seq BETWEEN GREATEST(1, w.origin + $4) AND LEAST(c.message_count, w.origin + $5) ORDER BY m.seq) AS m ON true " +
        "WHERE c.id = $1 AND c.user_id = $2";

    private const string RangeSql =
        "SELECT " + MessageColumns + " FROM messages AS m WHERE m.conversation_id = $1 AND m.seq BETWEEN $2 AND $3 ORDER BY m.seq";

    // On a standby: nothing unless it has replayed the conversation's revision the primary gave.
    private const string ReplicaRangeSql =
        "SELECT " + MessageColumns + " FROM messages AS m WHERE m.conversation_id = $1 AND m.seq BETWEEN $2 AND $3 " +
        "AND EXISTS (SELECT 1 FROM conversations AS c WHERE c.id = $1 AND c.revision >= $4) ORDER BY m.seq";

    // The positions just inside the time bounds (exclusive); null where no message is.
    private const string TimeBoundsSql =
        "SELECT (SELECT m.seq FROM messages AS m WHERE m.conversation_id = $1 AND m.created_at > $2 ORDER BY m.created_at, m.seq LIMIT 1), " +
        "(SELECT m.seq FROM messages AS m WHERE m.conversation_id = $1 AND m.created_at < $3 ORDER BY m.created_at DESC, m.seq DESC LIMIT 1)";

    private readonly int _retries = options.Value.Pool.BrokenConnectionRetries;
    private NpgsqlConnection? _connection;
    private NpgsqlConnection? _replicaConnection;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ConversationState?> GetStateAsync(string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        // The hot path of every read: written out, without the closure and extra state machine of
        // WithRetryAsync, which the other reads use.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var command = await CommandAsync(StateSql, cancellationToken);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = conversationId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userId });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ReadState(reader, conversationId) : null;
            }
            catch (Exception ex) when (attempt < _retries && DatabaseFailure.IsBrokenConnection(ex))
            {
                metrics.ConnectionRetry("history");
                await DropConnectionAsync();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HistoryRead?> ReadAsync(string userId, Guid conversationId, SeqWindow window, CancellationToken cancellationToken)
    {
        if (cache.Enabled || replicas.Available)
        {
            var state = await GetStateAsync(userId, conversationId, cancellationToken);
            return state is null
                ? null
                : new HistoryRead(state, window.Resolve(state.MessageCount) is { } range ? await ReadRangeAsync(state, range, window.Descending, cancellationToken) : MessageList.Empty);
        }

        return await WithRetryAsync(
            async ct =>
            {
                await using var command = await CommandAsync(StateAndPageSql, ct);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = conversationId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userId });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = window.FromCount });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = window.Low });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = window.High });
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct))
                {
                    return null;
                }

                var state = ReadState(reader, conversationId);
                using var builder = new MessageBlock.Builder();
                if (!await reader.IsDBNullAsync(4, ct))
                {
                    do
                    {
                        AddMessage(builder, reader, 4);
                    }
                    while (await reader.ReadAsync(ct));
                }

                return new HistoryRead(state, Single(builder.Build(), window.Descending));
            },
            cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MessageList> ReadRangeAsync(ConversationState state, SeqRange range, bool descending, CancellationToken cancellationToken)
    {
        var firstBlock = HistoryBlockCache.BlockOf(range.First);
        var lastBlock = HistoryBlockCache.BlockOf(range.Last);
        var blocks = new MessageBlock?[lastBlock - firstBlock + 1];
        int? missingFrom = null, missingTo = null;
        for (var b = firstBlock; b <= lastBlock; b++)
        {
            if (!cache.TryGet(state, b, out blocks[b - firstBlock]))
            {
                missingFrom ??= b;
                missingTo = b;
            }
        }

        if (missingFrom is { } from && missingTo is { } to)
        {
            // One range read for every missing block (whole blocks, so they can be kept), or just the
            // page's range when nothing is kept.
            var firstSeq = cache.Enabled ? HistoryBlockCache.FirstSeqOf(from) : range.First;
            var lastSeq = cache.Enabled ? Math.Min(HistoryBlockCache.FirstSeqOf(to + 1) - 1, state.MessageCount) : range.Last;
            var read = await ReadSeqRangeAsync(state, firstSeq, lastSeq, cancellationToken);
            if (!cache.Enabled)
            {
                return Single(read, descending);
            }

            for (var b = from; b <= to; b++)
            {
                var block = Slice(read, HistoryBlockCache.FirstSeqOf(b), HistoryBlockCache.FirstSeqOf(b + 1) - 1);
                blocks[b - firstBlock] = block;
                cache.Keep(state, b, block);
            }
        }

        var runs = new List<(MessageBlock, int, int)>(blocks.Length);
        foreach (var block in blocks)
        {
            runs.Add((block!, block!.IndexOfSeqAtLeast(range.First), block.IndexOfSeqAtLeast(range.Last + 1)));
        }

        return new MessageList(runs, descending);
    }

    public Task<MessageList> ReadFilteredAsync(ConversationState state, FilteredPageRequest request, CancellationToken cancellationToken) =>
        WithRetryAsync(
            async ct =>
            {
                if (request.Offset > 0 && request.Position is null)
                {
                    return await ReadFilteredByOffsetAsync(state, request, ct);
                }

                // Keyset: time bounds and the cursor's position as predicates on the
                // (conversation_id, created_at, seq) index; the row value makes the position one seek.
                var sql = new System.Text.StringBuilder("SELECT ").Append(MessageColumns)
                    .Append(" FROM messages AS m WHERE m.conversation_id = $1 AND m.seq <= $2");
                await using var command = await CommandAsync(string.Empty, ct);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = state.Id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = state.MessageCount });
                if (request.After is { } after)
                {
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = after });
                    sql.Append(" AND m.created_at > $").Append(command.Parameters.Count);
                }

                if (request.Before is { } before)
                {
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
                    sql.Append(" AND m.created_at < $").Append(command.Parameters.Count);
                }

                if (request.Position is var (createdAt, seq))
                {
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = createdAt });
                    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = seq });
                    sql.Append(" AND (m.created_at, m.seq) ").Append(request.Descending ? '<' : '>')
                        .Append(" ($").Append(command.Parameters.Count - 1).Append(", $").Append(command.Parameters.Count).Append(')');
                }

                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = request.Take });
                sql.Append(request.Descending ? " ORDER BY m.created_at DESC, m.seq DESC" : " ORDER BY m.created_at, m.seq")
                    .Append(" LIMIT $").Append(command.Parameters.Count);
                command.CommandText = sql.ToString();
                return await ReadPageAsync(command, request.Descending, ct);
            },
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        if (_replicaConnection is not null)
        {
            await _replicaConnection.DisposeAsync();
            _replicaConnection = null;
        }
    }

    /// <summary>
    /// "Skip k" without reading k rows: seq is gapless and runs in the same order as created_at, so the
    /// filtered messages are a seq range [first, last], and skipping k of them moves one end of it by k.
    /// </summary>
    private async Task<MessageList> ReadFilteredByOffsetAsync(ConversationState state, FilteredPageRequest request, CancellationToken cancellationToken)
    {
        long first = 1, last = state.MessageCount;
        if (request.After is not null || request.Before is not null)
        {
            await using var bounds = await CommandAsync(TimeBoundsSql, cancellationToken);
            bounds.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = state.Id });
            bounds.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = request.After ?? DateTimeOffset.MaxValue });
            bounds.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = request.Before ?? DateTimeOffset.MinValue });
            await using var reader = await bounds.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (request.After is not null)
            {
                // Nothing after the bound: the range is empty.
                first = await reader.IsDBNullAsync(0, cancellationToken) ? long.MaxValue : reader.GetInt32(0);
            }

            if (request.Before is not null)
            {
                last = Math.Min(last, await reader.IsDBNullAsync(1, cancellationToken) ? 0 : reader.GetInt32(1));
            }
        }

        // Checked: the offset is at most int.MaxValue, but an empty range starts at long.MaxValue.
        if (first > last || request.Offset > last - first)
        {
            return MessageList.Empty;
        }

        if (request.Descending)
        {
            last -= request.Offset;
        }
        else
        {
            first += request.Offset;
        }

        var from = (int)first;
        var to = (int)Math.Min(last, request.Descending ? last : first + request.Take - 1);
        if (request.Descending)
        {
            from = (int)Math.Max(first, last - request.Take + 1);
        }

        return Single(await ReadSeqRangeAsync(state, from, to, cancellationToken), request.Descending);
    }

    private async Task<MessageBlock> ReadSeqRangeAsync(ConversationState state, int firstSeq, int lastSeq, CancellationToken cancellationToken)
    {
        if (replicas.Available && await ReadOnReplicaAsync(state, firstSeq, lastSeq, cancellationToken) is { } fromStandby)
        {
            return fromStandby;
        }

        return await WithRetryAsync(
            async ct =>
            {
                await using var command = await CommandAsync(RangeSql, ct);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = state.Id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = firstSeq });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lastSeq });
                return await ReadBlockAsync(command, ct);
            },
            cancellationToken);
    }

    /// <summary>The range from a standby, or null when the standby lags or fails (the primary answers then).</summary>
    private async Task<MessageBlock?> ReadOnReplicaAsync(ConversationState state, int firstSeq, int lastSeq, CancellationToken cancellationToken)
    {
        try
        {
            _replicaConnection ??= await replicas.DataSource!.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(ReplicaRangeSql, _replicaConnection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = state.Id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = firstSeq });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lastSeq });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = state.Revision });
            var block = await ReadBlockAsync(command, cancellationToken);
            if (block.Count == lastSeq - firstSeq + 1)
            {
                replicas.Served();
                return block;
            }

            replicas.Lagging();
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Down, unreachable, promoted away, or a query cancelled by recovery: the primary answers,
            // and alone for a while when the standby itself failed.
            if (ex is PostgresException && !DatabaseFailure.IsBrokenConnection(ex))
            {
                replicas.Lagging();
            }
            else
            {
                replicas.Failed();
                if (_replicaConnection is not null)
                {
                    NpgsqlConnection.ClearPool(_replicaConnection);
                }
            }

            if (_replicaConnection is not null)
            {
                await _replicaConnection.DisposeAsync();
                _replicaConnection = null;
            }

            return null;
        }
    }

    private static async Task<MessageBlock> ReadBlockAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var builder = new MessageBlock.Builder();
        while (await reader.ReadAsync(cancellationToken))
        {
            AddMessage(builder, reader, 0);
        }

        return builder.Build();
    }

    /// <summary>Rows in page order (newest first when descending) into one block, which is always oldest first.</summary>
    private static async Task<MessageList> ReadPageAsync(NpgsqlCommand command, bool descending, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, int Seq, bool IsUser, string Content, DateTime CreatedAt)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetString(3), reader.GetDateTime(4)));
            }
        }

        if (descending)
        {
            rows.Reverse();
        }

        using var builder = new MessageBlock.Builder();
        foreach (var (id, seq, isUser, content, createdAt) in rows)
        {
            builder.Add(id, seq, isUser ? MessageRole.User : MessageRole.Assistant, content, new DateTimeOffset(createdAt));
        }

        return Single(builder.Build(), descending);
    }

    private static MessageList Single(MessageBlock block, bool descending) =>
        block.Count == 0 ? MessageList.Empty : new MessageList([(block, 0, block.Count)], descending);

    /// <summary>The messages of <paramref name="read"/> with positions firstSeq..lastSeq, as a block of their own.</summary>
    private static MessageBlock Slice(MessageBlock read, int firstSeq, int lastSeq)
    {
        var from = read.IndexOfSeqAtLeast(firstSeq);
        var to = read.IndexOfSeqAtLeast(lastSeq + 1);
        return from == 0 && to == read.Count ? read : read.Slice(from, to);
    }

    private static ConversationState ReadState(NpgsqlDataReader reader, Guid conversationId) =>
        new(
            conversationId,
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1)),
            new DateTimeOffset(reader.GetDateTime(2)),
            reader.GetInt64(3));

    private static void AddMessage(MessageBlock.Builder builder, NpgsqlDataReader reader, int first) =>
        builder.Add(
            reader.GetGuid(first),
            reader.GetInt32(first + 1),
            reader.GetBoolean(first + 2) ? MessageRole.User : MessageRole.Assistant,
            reader.GetString(first + 3),
            new DateTimeOffset(reader.GetDateTime(first + 4)));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            var started = Stopwatch.GetTimestamp();
            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            metrics.ConnectionCheckout(Stopwatch.GetElapsedTime(started));
        }

        return new NpgsqlCommand(sql, _connection);
    }

    /// <summary>
    /// Reads are safe to repeat: a pooled connection found dead is dropped with the rest of the pool,
    /// and the read runs again on a fresh one, as EF Core's execution strategy does for the other paths.
    /// </summary>
    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read(cancellationToken);
            }
            catch (Exception ex) when (attempt < _retries && DatabaseFailure.IsBrokenConnection(ex))
            {
                await DropConnectionAsync();
            }
        }
    }

    /// <summary>The connection died: drop it with the rest of the pool, so the retry opens a fresh one.</summary>
    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            NpgsqlConnection.ClearPool(_connection);
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
