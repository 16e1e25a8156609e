using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

// F1: the first page of a conversation, as a plain implementation would serve it. One pooled
// connection per request, two statements: the conversation row (ownership and count), then the seq range.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var secret = builder.Configuration["Auth:JwtSecret"] ?? throw new InvalidOperationException("Auth__JwtSecret is not set.");
var connectionString = builder.Configuration.GetConnectionString("TodoChat") ?? throw new InvalidOperationException("ConnectionStrings__TodoChat is not set.");

builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
{
    jwt.MapInboundClaims = false;
    jwt.TokenValidationParameters = new TokenValidationParameters
    {
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = false,
        ValidateAudience = false,
    };
});
builder.Services.AddAuthorization();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/{userId}/conversations/{conversationId:guid}/messages", async (string userId, Guid conversationId, int? limit, HttpContext http, NpgsqlDataSource db) =>
{
    if (http.User.FindFirst("sub")?.Value != userId)
    {
        return Results.Forbid();
    }

    var take = Math.Clamp(limit ?? 50, 1, 1000);
    await using var connection = await db.OpenConnectionAsync(http.RequestAborted);

    int count;
    await using (var state = new NpgsqlCommand("SELECT message_count FROM conversations WHERE id = $1 AND user_id = $2", connection))
    {
        state.Parameters.Add(new() { Value = conversationId });
        state.Parameters.Add(new() { Value = userId });
        if (await state.ExecuteScalarAsync(http.RequestAborted) is not int found)
        {
            return Results.NotFound();
        }

        count = found;
    }

    var messages = new List<Message>(Math.Min(take, count));
    await using (var page = new NpgsqlCommand("SELECT id, seq, role, content, created_at FROM messages WHERE conversation_id = $1 AND seq BETWEEN 1 AND $2 ORDER BY seq", connection))
    {
        page.Parameters.Add(new() { Value = conversationId });
        page.Parameters.Add(new() { Value = take });
        await using var reader = await page.ExecuteReaderAsync(http.RequestAborted);
        while (await reader.ReadAsync(http.RequestAborted))
        {
            messages.Add(new Message(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
    }

    return Results.Ok(new Page(conversationId, messages, take, 0, count > take));
}).RequireAuthorization();

app.Run();

internal sealed record Message(Guid Id, int Seq, string Role, string Content, DateTimeOffset CreatedAt);

internal sealed record Page(Guid ConversationId, List<Message> Data, int Limit, int Offset, bool HasMore);
