using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Compression;

/// <summary>Large reads are compressed for clients that ask; the JSON inside is the same.</summary>
public sealed class ReadCompressionTests : TestBase
{
    private const string User = "alice";

    [TestCase("br")]
    [TestCase("gzip")]
    public async Task ShouldCompressAThousandMessagePageForAClientThatAsks(string encoding)
    {
        var id = await SeedAsync(User, 1000);
        using var client = ClientFor(User);
        using var plain = await client.GetAsync(HistoryUri(User, id, "?limit=1000"));
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, HistoryUri(User, id, "?limit=1000"));
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var compressed = await client.SendAsync(request);
        var compressedBytes = await compressed.Content.ReadAsByteArrayAsync();
        await TestContext.Out.WriteLineAsync($"limit=1000 page: {plainBytes.Length:N0} bytes plain, {compressedBytes.Length:N0} bytes {encoding}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(compressed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(compressed.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
            Assert.That(compressed.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(compressed.Headers.ETag, Is.EqualTo(plain.Headers.ETag), "the same representation's tag");
            Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty, "no Accept-Encoding, no compression");
            Assert.That(compressedBytes.Length, Is.LessThan(plainBytes.Length / 3), $"{compressedBytes.Length} of {plainBytes.Length} bytes");
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(Decompress(compressedBytes, encoding)), JsonNode.Parse(plainBytes)), Is.True);
        }
    }

    [Test]
    public async Task ShouldSendChatAnswersAsTheyAre()
    {
        using var client = ClientFor(User);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/{User}/chat")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { message = "add buy milk" }),
        };
        request.Headers.AcceptEncoding.ParseAdd("br");

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
