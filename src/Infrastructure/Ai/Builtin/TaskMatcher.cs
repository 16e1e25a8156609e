using TodoChat.Application.Tasks.Tools;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>The tasks a reference points at, and whether it points at several where it meant one.</summary>
internal readonly record struct TaskMatch(IReadOnlyList<TaskListItem> Tasks, bool Ambiguous)
{
    public static readonly TaskMatch None = new([], false);

    public static TaskMatch Of(IReadOnlyList<TaskListItem> tasks) => new(tasks, tasks.Count > 1);
}

/// <summary>
/// Finds the listed tasks that a <see cref="TaskReference"/> names. Rules first, in order: a quoted or
/// exact title; every word of the phrase in the title (by stem: "walked" finds "Walk the dog"); the
/// same without the deed ("I bought the eggs" finds "Eggs"); several tasks named at once. Only where
/// they are unsure (no title has all the words, or several do) does it ask <see cref="ITitleSimilarity"/>
/// which title means the phrase, and it takes that answer only when one title stands clearly first.
/// </summary>
internal sealed class TaskMatcher(ITitleSimilarity? similarity)
{
    /// <summary>How alike a phrase and a title must be (cosine) for the meaning alone to pick the title.</summary>
    public const float MeaningThreshold = 0.5f;

    /// <summary>How far the best title must stand before the next, so that near ties ask instead of guessing.</summary>
    public const float MeaningMargin = 0.1f;

    public TaskMatch Match(IReadOnlyList<TaskListItem> tasks, TaskReference target)
    {
        if (target.All)
        {
            return new(tasks, false);
        }

        if (target.Position is int position)
        {
            return position <= tasks.Count ? new([tasks[position - 1]], false) : TaskMatch.None;
        }

        if (target.Last)
        {
            return tasks.Count > 0 ? new([tasks[^1]], false) : TaskMatch.None;
        }

        var phrase = target.Quoted ?? string.Join(' ', target.Words);
        var exact = tasks.Where(t => string.Equals(t.Title.Trim(), phrase, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
        {
            return TaskMatch.Of(exact);
        }

        var titles = tasks.Select(t => StemsOf(t.Title)).ToList();
        var words = target.Words.Select(WordForms.Stem).ToList();
        List<string> withDeed = target.Deed is null ? words : [WordForms.Stem(target.Deed), .. words];
        var meaning = target.Deed is null ? phrase : $"{target.Deed} {phrase}";

        var all = Having(tasks, titles, withDeed);
        if (all.Count == 0 && target.Deed is not null && words.Count > 0)
        {
            all = Having(tasks, titles, words);
        }

        if (all.Count == 1)
        {
            return TaskMatch.Of(all);
        }

        if (all.Count > 1)
        {
            return ByMeaning(all, meaning) is { } clear ? new([clear], false) : TaskMatch.Of(all);
        }

        if (target.Groups.Count > 1)
        {
            // Several tasks named at once: each name must point at exactly one task.
            var each = target.Groups.Select(group => Having(tasks, titles, group.Select(WordForms.Stem).ToList())).ToList();
            if (each.All(matches => matches.Count > 0))
            {
                return new(each.SelectMany(m => m).Distinct().ToList(), each.Any(matches => matches.Count > 1));
            }
        }

        if (withDeed.Count == 0)
        {
            return TaskMatch.None;
        }

        if (ByMeaning(tasks, meaning) is { } meant)
        {
            return new([meant], false);
        }

        return ByOverlap(tasks, titles, withDeed);
    }

    /// <summary>The stems of a title's words: "Buy groceries" → buy, grocery.</summary>
    public static HashSet<string> StemsOf(string title) =>
        title.ToLowerInvariant()
            .Split([' ', ',', '.', '-', '\'', '"', '(', ')', ':', ';', '!', '?', '/', '#'], StringSplitOptions.RemoveEmptyEntries)
            .Select(WordForms.Stem)
            .ToHashSet(StringComparer.Ordinal);

    private static List<TaskListItem> Having(IReadOnlyList<TaskListItem> tasks, List<HashSet<string>> titles, List<string> stems) =>
        stems.Count == 0 ? [] : tasks.Where((_, i) => stems.All(titles[i].Contains)).ToList();

    /// <summary>The one title that most of the words name (at least half of them), when one does.</summary>
    private static TaskMatch ByOverlap(IReadOnlyList<TaskListItem> tasks, List<HashSet<string>> titles, List<string> stems)
    {
        var scores = titles.Select(title => stems.Count(title.Contains)).ToList();
        var best = scores.Count == 0 ? 0 : scores.Max();
        if (best == 0 || best * 2 < stems.Count || scores.Count(s => s == best) > 1)
        {
            return TaskMatch.None;
        }

        return new([tasks[scores.IndexOf(best)]], false);
    }

    private TaskListItem? ByMeaning(IReadOnlyList<TaskListItem> candidates, string phrase)
    {
        if (similarity is null || candidates.Count == 0)
        {
            return null;
        }

        var scores = similarity.Score(phrase, candidates.Select(t => t.Title).ToList());
        if (scores is null)
        {
            return null;
        }

        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        var runnerUp = scores.Where((_, i) => i != best).DefaultIfEmpty(float.MinValue).Max();
        return scores[best] >= MeaningThreshold && scores[best] - runnerUp >= MeaningMargin ? candidates[best] : null;
    }
}
