using System.Diagnostics;
using System.Net;

namespace TodoChat.WebApi.Tests.Support;

public static class Responses
{
    /// <summary>Disposes every response of a burst, once the test has read what it needed from them.</summary>
    public static void DisposeAll(this IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// The 99th percentile time of <paramref name="count"/> GETs, one at a time, taking turns over
    /// <paramref name="uris"/>; each must answer 200. For how fast a user's reads stay while others load the service.
    /// </summary>
    public static async Task<TimeSpan> P99ReadTimeAsync(this HttpClient client, int count, params string[] uris)
    {
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var read = await client.GetAsync(uris[i % uris.Length]);
            times.Add(Stopwatch.GetElapsedTime(started));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), uris[i % uris.Length]);
        }

        times.Sort();
        return times[(int)Math.Ceiling(times.Count * 0.99) - 1];
    }
}
