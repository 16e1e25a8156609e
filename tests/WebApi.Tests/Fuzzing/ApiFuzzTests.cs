using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Npgsql;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing from openapi/todochat.v1.json: every operation, driven with generated valid and
/// invalid values. For every answer: no 5xx; every 4xx is an RFC 9457 problem; and the database says
/// what the answer said: a refusal or a read changed nothing, a write wrote exactly what it answered.
/// A bounded number of cases runs with every test run; TODOCHAT_FUZZ_ITERATIONS runs more, and
/// TODOCHAT_FUZZ_SEED replays the seed a failure printed.
/// </summary>
[Category("Fuzz")]
public sealed class ApiFuzzTests : TestBase
{
    private const string User = "fuzzer";
    private const int DefaultIterations = 250;

    private static readonly string[] Covered =
    [
        "ListTasks", "CreateTask", "GetTask", "UpdateTask", "CompleteTask", "DeleteTask",
        "ListConversations", "GetConversation", "DeleteConversation", "GetConversationHistory", "Chat", "GetHealth", "Sync",
    ];

    [Test]
    public async Task ShouldAnswerEveryGeneratedRequestWithoutA5xxAndKeepTheDatabaseTrue()
    {
        var operations = OpenApiOperations.Load();
        Assert.That(operations.Select(o => o.Id), Is.EquivalentTo(Covered), "every operation of the document is fuzzed");
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("TODOCHAT_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : DefaultIterations;
        using var client = ClientFor(User);
        var world = new World(client);
        await world.SeedAsync();

        await Generators.Cases(operations, User).SampleAsync(
            world.SendAndCheckAsync,
            writeLine: TestContext.Progress.WriteLine,
            seed: Environment.GetEnvironmentVariable("TODOCHAT_FUZZ_SEED"),
            iter: iterations,
            threads: 1,
            print: c => c.ToString());

        TestContext.Progress.WriteLine($"fuzzing: {iterations} requests; statuses {string.Join(", ", world.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.That(world.Statuses.Keys, Has.Some.InRange(200, 299).And.Some.InRange(400, 499), "the sample reached both the happy paths and the refusals");
    }

    /// <summary>What exists now (tasks, conversations, cursors, ETags), for the generated requests to pick from, and the checks.</summary>
    private sealed class World(HttpClient client)
    {
        // Kestrel itself refuses some request targets, with an empty 400 or 414 before the application
        // runs: a request line over 8 KB, a path that decodes to NUL. Those are the HTTP server's, not
        // the API's answers, so URL parts stay under 2,000 characters and paths free of NUL.
        private const int MaxUrlPart = 2_000;
        private readonly List<string> _cursors = [];
        private readonly List<string> _etags = [];
        private int[] _tasks = [];
        private Guid[] _conversations = [];

        public Dictionary<int, int> Statuses { get; } = [];

        public async Task SeedAsync()
        {
            foreach (var title in new[] { "Buy milk", "Call mom", "Pay rent", "Write report" })
            {
                (await client.PostJsonAsync($"api/{User}/tasks", new { title })).EnsureSuccessStatusCode();
            }

            (await client.PostJsonAsync($"api/{User}/chat", new { conversation_id = (Guid?)null, message = "show my tasks" })).EnsureSuccessStatusCode();
            await RefreshAsync();
        }

        public async Task SendAndCheckAsync(FuzzCase fuzz)
        {
            var resolved = fuzz.Arguments.Where(a => a.Value is not null).ToDictionary(a => a.Parameter.Name, a => Resolve(a.Parameter.Name, a.Value!));
            using var request = Build(fuzz, resolved);
            var before = await FingerprintAsync();

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            lock (Statuses)
            {
                Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            }

            Check(status < 500, $"a {status}: {text}");
            if (status >= 400)
            {
                CheckProblem(response, status, text);
            }

            var after = await FingerprintAsync();
            var replayed = response.Headers.Contains("Idempotent-Replayed");
            if (status >= 300 || fuzz.Operation.Method == HttpMethod.Get || replayed)
            {
                Check(before == after, $"a {status} answer{(replayed ? " (replayed)" : string.Empty)} changed the database");
            }
            else
            {
                await CheckWrittenAsync(fuzz.Operation.Id, resolved, text);
            }

            Capture(response, text);
            await RefreshAsync();
        }

        private string Resolve(string name, FuzzValue value) => value switch
        {
            Text text => text.Value,
            RawJson raw => raw.Json,
            Existing pick => name switch
            {
                "id" => _tasks.Length == 0 ? pick.Pick.ToString(System.Globalization.CultureInfo.InvariantCulture) : _tasks[pick.Pick % _tasks.Length].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "conversation_id" => _conversations.Length == 0 ? Guid.Empty.ToString() : _conversations[pick.Pick % _conversations.Length].ToString(),
                "cursor" => _cursors.Count == 0 ? "no-cursor-yet" : _cursors[pick.Pick % _cursors.Count],
                _ => _etags.Count == 0 ? "*" : _etags[pick.Pick % _etags.Count],
            },
            _ => throw new InvalidOperationException($"Unknown value {value}."),
        };

        private HttpRequestMessage Build(FuzzCase fuzz, Dictionary<string, string> resolved)
        {
            var path = fuzz.Operation.Path;
            var query = new List<string>();
            var request = new HttpRequestMessage(fuzz.Operation.Method, (Uri?)null);
            foreach (var argument in fuzz.Arguments.Where(a => a.Value is not null))
            {
                var value = resolved[argument.Parameter.Name];
                switch (argument.Parameter.In)
                {
                    case "path":
                        path = path.Replace("{" + argument.Parameter.Name + "}", Escape(value.Replace("\0", string.Empty, StringComparison.Ordinal)), StringComparison.Ordinal);
                        break;
                    case "query":
                        query.Add($"{argument.Parameter.Name}={Escape(value)}");
                        break;
                    default:
                        request.Headers.TryAddWithoutValidation(argument.Parameter.Name, value);
                        break;
                }
            }

            request.RequestUri = new Uri(path.TrimStart('/') + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query)), UriKind.Relative);
            request.Content = fuzz.Body switch
            {
                JsonMembers json => new StringContent(
                    "{" + string.Join(",", json.Members.Select(m => $"{JsonSerializer.Serialize(m.Name)}:{BodyValue(m.Name, m.Value)}")) + "}",
                    Encoding.UTF8,
                    "application/json"),
                RawBody raw => new StringContent(raw.Text, Encoding.UTF8, raw.ContentType),
                _ => null,
            };
            return request;
        }

        private string BodyValue(string name, FuzzValue value) => value switch
        {
            Text text => JsonSerializer.Serialize(text.Value),
            RawJson raw => raw.Json,
            _ => JsonSerializer.Serialize(Resolve(name, value)),
        };

        private static string Escape(string value)
        {
            var part = value.Length > MaxUrlPart ? value[..MaxUrlPart] : value;
            return Uri.EscapeDataString(part);
        }

        private static void CheckProblem(HttpResponseMessage response, int status, string text)
        {
            Check(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"a {status} as {response.Content.Headers.ContentType}: {text}");
            var problem = JsonNode.Parse(text)!;
            Check((int?)problem["status"] == status && !string.IsNullOrEmpty((string?)problem["title"]) && !string.IsNullOrEmpty((string?)problem["traceId"]), $"an incomplete problem: {text}");
        }

        /// <summary>A write answered with success wrote exactly what it answered.</summary>
        private async Task CheckWrittenAsync(string operation, Dictionary<string, string> resolved, string text)
        {
            switch (operation)
            {
                case "CreateTask" or "UpdateTask" or "CompleteTask":
                    var task = JsonNode.Parse(text)!;
                    var row = await ScalarAsync<string?>(
                        "SELECT title || '|' || coalesce(description, '') || '|' || completed FROM tasks WHERE user_id = @user AND id = @id",
                        ("id", (int)task["id"]!));
                    Check(row == $"{(string)task["title"]!}|{(string?)task["description"] ?? string.Empty}|{((bool)task["completed"]!).ToString().ToLowerInvariant()}", $"the task stored ({row}) is not the one answered: {text}");
                    break;
                case "DeleteTask":
                    Check(await ScalarAsync<long>("SELECT count(*) FROM tasks WHERE user_id = @user AND id = @id", ("id", int.Parse(resolved["id"], System.Globalization.CultureInfo.InvariantCulture))) == 0, "a deleted task is still there");
                    break;
                case "DeleteConversation":
                    var id = Guid.Parse(resolved["conversation_id"]);
                    Check(await ScalarAsync<long>("SELECT (SELECT count(*) FROM conversations WHERE id = @id) + (SELECT count(*) FROM messages WHERE conversation_id = @id)", ("id", id)) == 0, "a deleted conversation left rows");
                    break;
                case "Chat":
                    var turn = JsonNode.Parse(text)!;
                    var reply = await ScalarAsync<string?>(
                        "SELECT content FROM messages WHERE user_id = @user AND conversation_id = @id ORDER BY seq DESC LIMIT 1",
                        ("id", Guid.Parse((string)turn["conversation_id"]!)));
                    Check(reply == (string?)turn["response"], "the stored reply is not the one answered");
                    break;
                default:
                    throw new InvalidOperationException($"{operation} answered {text} but has no check for what it wrote.");
            }
        }

        private void Capture(HttpResponseMessage response, string text)
        {
            if (response.Headers.ETag is EntityTagHeaderValue etag && _etags.Count < 50)
            {
                _etags.Add(etag.ToString());
            }

            if (response.Content.Headers.ContentType?.MediaType == "application/json"
                && text.StartsWith('{')
                && JsonNode.Parse(text)?["next_cursor"] is JsonValue cursor
                && _cursors.Count < 50)
            {
                _cursors.Add((string)cursor!);
            }
        }

        private async Task RefreshAsync()
        {
            _tasks = await ScalarAsync<int[]>("SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM tasks WHERE user_id = @user");
            _conversations = await ScalarAsync<Guid[]>("SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM conversations WHERE user_id = @user");
        }

        /// <summary>Everything the user has, as one hash: tasks, conversations, message count, idempotency records.</summary>
        private Task<string> FingerprintAsync() =>
            ScalarAsync<string>(
                """
                SELECT md5(
                    coalesce((SELECT string_agg(id || ':' || title || ':' || coalesce(description, '') || ':' || completed || ':' || updated_at, ',' ORDER BY id) FROM tasks WHERE user_id = @user), '')
                    || '|' || coalesce((SELECT string_agg(id || ':' || message_count || ':' || updated_at, ',' ORDER BY id) FROM conversations WHERE user_id = @user), '')
                    || '|' || (SELECT count(*) FROM messages WHERE user_id = @user)
                    || '|' || (SELECT count(*) FROM idempotency_records WHERE user_id = @user))
                """);

        private static async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
        {
            await using var connection = new NpgsqlConnection(Testing.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("user", User);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var result = await command.ExecuteScalarAsync();
            return result is DBNull ? default! : (T)result!;
        }

        private static void Check(bool condition, string failure)
        {
            if (!condition)
            {
                throw new InvalidOperationException(failure.Length > 2_000 ? failure[..2_000] + "…" : failure);
            }
        }
    }
}
