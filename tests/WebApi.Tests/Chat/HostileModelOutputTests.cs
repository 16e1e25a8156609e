using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// A model can answer anything: NUL in its reply or its tool arguments, numbers no task id can be.
/// The turn still answers (never a 500), and what is stored is storable.
/// </summary>
public sealed class HostileModelOutputTests : ScriptedModelTestBase
{
    [Test]
    public async Task ShouldStoreAReplyWithNulAsReplacementCharacters()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy\\u0000milk\",\"note\\u0000\":1}")).ThenText("Done\u0000.");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });

        var turn = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), turn.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)turn["response"], Is.EqualTo("Done\uFFFD."));
            Assert.That((string?)turn["tool_calls"]![0]!["arguments"]!["title"], Is.EqualTo("Buy\uFFFDmilk"));
            Assert.That((string?)turn["tool_calls"]![0]!["result"]!["status"], Is.EqualTo("invalid"), "the title broke the text rules");
            Assert.That(await Testing.ScalarAsync<string>("SELECT content FROM messages WHERE role = 'assistant'"), Is.EqualTo("Done\uFFFD."));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
        }
    }
}
