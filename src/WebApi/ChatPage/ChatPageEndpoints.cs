namespace TodoChat.WebApi.ChatPage;

/// <summary>
/// The development chat page at <c>/chat</c> (issue 15): a static page and its script, built from
/// clients/typescript/page with esbuild (<c>npm run build:page</c>) and checked in; embedded in the
/// assembly, served in Development only.
/// </summary>
internal static class ChatPageEndpoints
{
    public static WebApplication MapChatPage(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapGet("/chat", () => Embedded("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/chat/chat.js", () => Embedded("chat.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private static IResult Embedded(string name, string contentType)
    {
        var stream = typeof(ChatPageEndpoints).Assembly.GetManifestResourceStream($"TodoChat.WebApi.ChatPage.{name}")
            ?? throw new InvalidOperationException($"The chat page's {name} is not embedded.");
        return Results.Stream(stream, contentType);
    }
}
