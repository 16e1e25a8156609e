using System.Net;
using System.Text.Json.Nodes;

namespace TodoChat.WebApi.Tests.Support;

public static class Problems
{
    /// <summary>
    /// Asserts an RFC 9457 problem with the status, the contract's members and, for validation
    /// problems, an error under each named parameter. Returns the body for further checks.
    /// </summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] errorKeys)
    {
        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        }

        var problem = JsonNode.Parse(text)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int?)problem["status"], Is.EqualTo((int)status), text);
            Assert.That((string?)problem["type"], Is.Not.Null.And.Not.Empty, text);
            Assert.That((string?)problem["title"], Is.Not.Null.And.Not.Empty, text);
            Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty, text);
            Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty, text);
            Assert.That(text, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack traces or exception names");
            foreach (var key in errorKeys)
            {
                Assert.That(problem["errors"]?[key]?.AsArray(), Is.Not.Null.And.Not.Empty, $"an error for '{key}' in {text}");
            }
        }

        if (errorKeys.Length > 0)
        {
            var keys = problem["errors"]!.AsObject().Select(p => p.Key);
            Assert.That(keys, Is.EquivalentTo(errorKeys), text);
        }

        return problem;
    }

    /// <summary>GETs <paramref name="uri"/> and asserts a 400 validation problem naming exactly these parameters.</summary>
    public static async Task<JsonNode> AssertGetRejectedAsync(this HttpClient client, string uri, params string[] parameters)
    {
        using var response = await client.GetAsync(uri);
        return await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameters);
    }
}

public static class CacheHeaders
{
    /// <summary><c>Cache-Control: private, no-cache</c>: a client may keep the answer but must revalidate it every time.</summary>
    public static void AssertPrivateNoCache(this HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.That(cacheControl, Is.Not.Null, "a Cache-Control header");
        Assert.That(cacheControl!.Private && cacheControl.NoCache && !cacheControl.NoStore, Is.True, $"private, no-cache; got '{cacheControl}'");
    }
}
