using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.OpenApi;

/// <summary>The published document says what the service does: routes, statuses, ranges, names, auth.</summary>
public sealed class OpenApiDocumentTests : TestBase
{
    private static readonly string[] TaskOperations =
    [
        "get /api/{user_id}/tasks",
        "post /api/{user_id}/tasks",
        "get /api/{user_id}/tasks/{id}",
        "put /api/{user_id}/tasks/{id}",
        "delete /api/{user_id}/tasks/{id}",
        "patch /api/{user_id}/tasks/{id}/complete",
    ];

    private JsonNode _document = null!;

    [SetUp]
    public async Task FetchDocumentAsync()
    {
        using var client = AnonymousClient();
        using var response = await client.GetAsync("openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await response.ReadJsonAsync();
    }

    [Test]
    public void ShouldDeclareTheBearerScheme()
    {
        var scheme = _document["components"]!["securitySchemes"]!["Bearer"]!;

        Assert.That((string?)_document["openapi"], Does.StartWith("3."));
        Assert.That((string?)scheme["type"], Is.EqualTo("http"));
        Assert.That((string?)scheme["scheme"], Is.EqualTo("bearer"));
        Assert.That((string?)scheme["bearerFormat"], Is.EqualTo("JWT"));
    }

    [TestCaseSource(nameof(TaskOperations))]
    public void ShouldDocumentEveryStatusOfATaskOperation(string operation)
    {
        var node = Operation(operation);
        var statuses = node["responses"]!.AsObject().Select(r => r.Key).ToList();

        Assert.That(statuses, Is.SupersetOf(new[] { "400", "401", "403", "503" }));
        Assert.That(node["security"]!.AsArray().Single()!.AsObject().Select(s => s.Key), Is.EqualTo(new[] { "Bearer" }));
        foreach (var status in statuses.Where(s => s[0] is '4' or '5'))
        {
            Assert.That(node["responses"]![status]!["content"]!.AsObject().Select(c => c.Key), Is.EqualTo(new[] { "application/problem+json" }), $"{operation} {status}");
        }
    }

    [Test]
    public void ShouldDocumentSuccessStatusesAndNotFound()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Operation("post /api/{user_id}/tasks")["responses"]!["201"], Is.Not.Null);
            Assert.That(Operation("delete /api/{user_id}/tasks/{id}")["responses"]!["204"], Is.Not.Null);
            Assert.That(Operation("post /api/{user_id}/tasks")["responses"]!["413"], Is.Not.Null);
            foreach (var operation in TaskOperations.Where(o => o.Contains("{id}", StringComparison.Ordinal)))
            {
                Assert.That(Operation(operation)["responses"]!["404"], Is.Not.Null, operation);
            }
        }
    }

    [Test]
    public void ShouldDocumentChatAndHistory()
    {
        var chat = Operation("post /api/{user_id}/chat");
        var history = Operation("get /api/{user_id}/conversations/{conversation_id}/messages");
        var request = _document["components"]!["schemas"]!["ChatRequest"]!;
        var limit = history["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "limit")!["schema"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(chat["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "200", "400", "401", "403", "404", "413", "503" }));
            Assert.That((int?)request["properties"]!["message"]!["maxLength"], Is.EqualTo(10_000));
            Assert.That((string?)request["properties"]!["conversation_id"]!["format"], Is.EqualTo("uuid"));
            Assert.That(history["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "200", "304", "400", "404" }));
            Assert.That((int?)limit["minimum"], Is.EqualTo(1));
            Assert.That((int?)limit["maximum"], Is.EqualTo(1000));
            Assert.That((int?)limit["default"], Is.EqualTo(50));
            Assert.That(history["parameters"]!.AsArray().Select(p => (string?)p!["name"]), Is.SupersetOf(new[] { "offset", "before", "after", "order", "cursor", "If-None-Match" }));
        }
    }

    [Test]
    public void ShouldDescribeParametersWithTheirRules()
    {
        var status = Operation("get /api/{user_id}/tasks")["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "status")!;
        var id = Operation("get /api/{user_id}/tasks/{id}")["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "id")!;
        var create = _document["components"]!["schemas"]!["CreateTaskRequest"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status["schema"]!["enum"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "all", "pending", "completed" }));
            Assert.That((string?)status["schema"]!["default"], Is.EqualTo("all"));
            Assert.That((string?)id["schema"]!["type"], Is.EqualTo("integer"));
            Assert.That((int?)create["properties"]!["title"]!["maxLength"], Is.EqualTo(500));
            Assert.That((int?)create["properties"]!["title"]!["minLength"], Is.EqualTo(1));
            Assert.That((int?)create["properties"]!["description"]!["maxLength"], Is.EqualTo(5000));
            Assert.That(create["required"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "title" }));
        }
    }

    [Test]
    public void ShouldUseSnakeCaseAndDateTimeStrings()
    {
        var task = _document["components"]!["schemas"]!["TaskDto"]!["properties"]!.AsObject();

        Assert.That(task.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "title", "description", "completed", "created_at", "updated_at" }));
        Assert.That((string?)task["created_at"]!["type"], Is.EqualTo("string"));
        Assert.That((string?)task["created_at"]!["format"], Is.EqualTo("date-time"));
    }

    [Test]
    public async Task ShouldServeSwaggerUiOnTheDocument()
    {
        using var client = AnonymousClient();

        using var page = await client.GetAsync("swagger/index.html");
        using var config = await client.GetAsync("swagger/index.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("swagger-ui"));
        Assert.That(await config.Content.ReadAsStringAsync(), Does.Contain("/openapi/v1.json"));
    }

    private JsonNode Operation(string operation)
    {
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        return _document["paths"]![path]?[method] ?? throw new AssertionException($"{operation} is not in the document.");
    }
}
