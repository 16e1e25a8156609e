using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Fuzzing;

/// <summary>A generated value: text as it is sent, or "one of the things that exist now" (a task, a conversation, a cursor), picked when the request is made.</summary>
public abstract record FuzzValue;

public sealed record Text(string Value) : FuzzValue
{
    public override string ToString() => JsonSerializer.Serialize(Value.Length > 120 ? Value[..120] + $"…({Value.Length})" : Value);
}

public sealed record Existing(int Pick) : FuzzValue;

/// <summary>A JSON value written as it stands (null, a number, an array...), for wrong types.</summary>
public sealed record RawJson(string Json) : FuzzValue;

public sealed record FuzzArgument(ApiParameter Parameter, FuzzValue? Value)
{
    public override string ToString() => $"{Parameter.Name}={Value?.ToString() ?? "(absent)"}";
}

/// <summary>A body: JSON members built from the schema, or bytes sent as they are.</summary>
public abstract record FuzzBody;

public sealed record JsonMembers(IReadOnlyList<(string Name, FuzzValue Value)> Members) : FuzzBody
{
    public override string ToString() => "{" + string.Join(", ", Members.Select(m => $"{m.Name}: {m.Value}")) + "}";
}

public sealed record RawBody(string Text, string ContentType) : FuzzBody;

public sealed record FuzzCase(ApiOperation Operation, IReadOnlyList<FuzzArgument> Arguments, FuzzBody? Body)
{
    public override string ToString() => $"{Operation} {string.Join(" ", Arguments)} body={Body?.ToString() ?? "(none)"}";
}

/// <summary>
/// Requests from the OpenAPI document: every operation, each parameter and body member valid, absent,
/// at its edges, of the wrong type or hostile (controls, lone surrogates, emoji cut at a length, huge numbers).
/// </summary>
public static class Generators
{
    private static readonly string[] HostileText =
    [
        "", " ", "\t", "null", "💩", "👨‍👩‍👧", "\u202Eevil", "'; DROP TABLE tasks; --", "%00", "../../etc/passwd", "<script>x</script>",
        "a\0b", "\u0001", "\u001B[31m", "line\r\nbreak", "half \ud83d", "\ude00 half", new string('a', 79) + "😀 tail", "é\u0301\u0301\u0301",
    ];

    private static readonly string[] IntegerEdges =
    [
        "0", "-1", "1", "2147483647", "-2147483648", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999", "1e3", "1.5", "abc", "", " 1", "+1", "0x10", "1_000",
    ];

    private static readonly string[] Phrases =
    [
        "add buy milk", "add milk, eggs and bread", "show my tasks", "what's pending?", "show completed", "complete task 1",
        "I finished the milk one", "delete all completed tasks", "scratch task 2", "rename 1 to Pay rent", "hello",
    ];

    private static readonly string[] RawBodies =
    [
        "", "not json", "[]", "null", "{", "}", "{\"title\":", "{\"title\":\"half \\ud83d\"}", "{\"message\":\"\\udc00\"}",
        "{\"title\":\"a\",\"title\":\"b\"}", "{\"title\":1e999}", "{\"completed\":\"yes\"}", "\"just a string\"", "12345678901234567890",
        new string('[', 2000) + new string(']', 2000), "{\"title\":\"" + new string('x', 300_000) + "\"}",
    ];

    /// <summary>Any text: words, every UTF-16 code unit (controls and lone surrogates included), hostile strings, lengths at the limits.</summary>
    public static readonly Gen<string> AnyText = Gen.Frequency(
        (4, Gen.Char['a', 'z'].Array[1, 12].Select(c => new string(c))),
        (2, Gen.Char.Array[0, 24].Select(c => new string(c))),
        (2, Gen.OneOf(HostileText)),
        (1, Gen.OneOf(499, 500, 501, 4_999, 5_000, 5_001, 9_999, 10_000, 10_001).Select(n => new string('x', n))));

    private static readonly Gen<string> HeaderText = Gen.Frequency(
        (3, Gen.Guid.Select(g => g.ToString())),
        (3, Gen.OneOf("key-1", "key-2", "key-3")),
        (1, Gen.Char[' ', '~'].Array[0, 20].Select(c => new string(c))),
        (1, Gen.Const(new string('k', 256))));

    private static readonly Gen<FuzzValue> IntegerValue = Gen.Frequency(
        (3, Gen.Int[-5, 1_100].Select(i => (FuzzValue)new Text(i.ToString(CultureInfo.InvariantCulture)))),
        (3, Gen.OneOf(IntegerEdges).Select(s => (FuzzValue)new Text(s))),
        (1, Gen.Long.Select(l => (FuzzValue)new Text(l.ToString(CultureInfo.InvariantCulture)))));

    private static readonly Gen<FuzzValue> InstantValue = Gen.Frequency(
        (3, Gen.DateTimeOffset.Select(d => (FuzzValue)new Text(d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))),
        (2, Gen.OneOf("2100-01-01T00:00:00Z", "0001-01-01", "9999-12-31T23:59:59.9999999Z", "2026-13-40", "yesterday", "2026-11-28T17:00:00+14:00")
            .Select(s => (FuzzValue)new Text(s))),
        (1, AnyText.Select(s => (FuzzValue)new Text(s))));

    public static Gen<FuzzCase> Cases(IReadOnlyList<ApiOperation> operations, string userId) =>
        Gen.OneOf(operations.ToArray()).SelectMany(operation =>
            Gen.Select(
                Arguments(operation, userId),
                operation.Body is null ? Gen.Const((FuzzBody?)null) : Body(operation.Body),
                (arguments, body) => new FuzzCase(operation, arguments, body)));

    private static Gen<FuzzArgument[]> Arguments(ApiOperation operation, string userId) =>
        Sequence(operation.Parameters.Select(p => Argument(p, userId).Select(v => new FuzzArgument(p, v))));

    private static Gen<FuzzValue?> Argument(ApiParameter parameter, string userId)
    {
        var value = Value(parameter, userId);
        return parameter.Required ? value.Select(v => (FuzzValue?)v) : Gen.Frequency((1, Gen.Const((FuzzValue?)null)), (1, value.Select(v => (FuzzValue?)v)));
    }

    private static Gen<FuzzValue> Value(ApiParameter parameter, string userId) => parameter.Name switch
    {
        "user_id" => Gen.Frequency((9, Gen.Const<FuzzValue>(new Text(userId))), (1, AnyText.Select(s => (FuzzValue)new Text(s)))),
        "id" or "conversation_id" => Gen.Frequency(
            (6, Gen.Int[0, 1_000].Select(i => (FuzzValue)new Existing(i))),
            (2, parameter.Name == "id" ? IntegerValue : Gen.Guid.Select(g => (FuzzValue)new Text(g.ToString()))),
            (1, AnyText.Select(s => (FuzzValue)new Text(s)))),
        "cursor" => Gen.Frequency((3, Gen.Int[0, 1_000].Select(i => (FuzzValue)new Existing(i))), (2, AnyText.Select(s => (FuzzValue)new Text(s)))),
        "If-None-Match" => Gen.Frequency(
            (3, Gen.Int[0, 1_000].Select(i => (FuzzValue)new Existing(i))),
            (1, Gen.OneOf("*", "W/\"abc\"", "\"x\", W/\"y\"", "garbage").Select(s => (FuzzValue)new Text(s)))),
        "Idempotency-Key" => HeaderText.Select(s => (FuzzValue)new Text(s)),
        _ when parameter.Schema["enum"] is JsonArray values => Gen.Frequency(
            (4, Gen.OneOf(values.Select(v => (string)v!).ToArray()).Select(s => (FuzzValue)new Text(s))),
            (1, AnyText.Select(s => (FuzzValue)new Text(s)))),
        _ when parameter.Types.Contains("integer") => IntegerValue,
        _ when (string?)parameter.Schema["format"] == "date-time" => InstantValue,
        _ => AnyText.Select(s => (FuzzValue)new Text(s)),
    };

    private static Gen<FuzzBody?> Body(JsonObject schema)
    {
        var required = (schema["required"]?.AsArray() ?? []).Select(r => (string)r!).ToHashSet();
        var members = Sequence((schema["properties"]?.AsObject() ?? []).Select(p => Gen.Frequency(
                (required.Contains(p.Key) ? 12 : 1, Member(p.Key, p.Value!.AsObject()).Select(v => (FuzzValue?)v)),
                (1, Gen.Const((FuzzValue?)null)))
            .Select(v => (Name: p.Key, Value: v))));
        var json = Gen.Select(members, Gen.Int[0, 9], (generated, extra) =>
        {
            var present = generated.Where(m => m.Value is not null).Select(m => (m.Name, m.Value!)).ToList();
            if (extra == 0)
            {
                present.Add(("unexpected", new RawJson("{\"nested\":[1,2,3]}")));
            }

            return (FuzzBody?)new JsonMembers(present);
        });
        return Gen.Frequency(
            (8, json),
            (1, Gen.OneOf(RawBodies).Select(text => (FuzzBody?)new RawBody(text, "application/json"))),
            (1, Gen.OneOf("text/plain", "application/x-www-form-urlencoded", "application/xml").Select(type => (FuzzBody?)new RawBody("title=x", type))));
    }

    /// <summary>One value from each generator, in order.</summary>
    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const<T[]>(Array.Empty<T>()), (all, next) => Gen.Select(all, next, (a, n) => (T[])[.. a, n]));

    private static Gen<FuzzValue> Member(string name, JsonObject schema)
    {
        var types = OpenApiOperations.Types(schema);
        var wrongType = Gen.OneOf("null", "5", "-1.5e308", "true", "[]", "{}", "[\"a\"]", "\"text\"").Select(j => (FuzzValue)new RawJson(j));
        var right = name switch
        {
            "message" => Gen.Frequency((3, Gen.OneOf(Phrases).Select(s => (FuzzValue)new Text(s))), (2, AnyText.Select(s => (FuzzValue)new Text(s)))),
            "conversation_id" => Gen.Frequency(
                (3, Gen.Const<FuzzValue>(new RawJson("null"))),
                (3, Gen.Int[0, 1_000].Select(i => (FuzzValue)new Existing(i))),
                (1, Gen.Guid.Select(g => (FuzzValue)new Text(g.ToString())))),
            _ when types.Contains("boolean") => Gen.OneOf("true", "false", "null").Select(j => (FuzzValue)new RawJson(j)),
            _ => AnyText.Select(s => (FuzzValue)new Text(s)),
        };
        return Gen.Frequency((6, right), (1, wrongType));
    }
}
