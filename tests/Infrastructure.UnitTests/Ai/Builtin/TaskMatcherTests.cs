using TodoChat.Application.Tasks.Tools;
using TodoChat.Infrastructure.Ai.Builtin;

namespace TodoChat.Infrastructure.UnitTests.Ai.Builtin;

/// <summary>The matcher's rules alone (no model), then where the meaning of a phrase decides and where it may not.</summary>
public sealed class TaskMatcherTests
{
    private static readonly IReadOnlyList<TaskListItem> Tasks =
        AgentHarness.StandardTitles.Select((title, i) => new TaskListItem(i + 1, title, false)).ToList();

    // words, deed, expected titles ("?" before them: ambiguous; empty: none)
    [TestCase("groceries", null, "Buy groceries")]
    [TestCase("grocery", null, "Buy groceries")]
    [TestCase("dog", "walked", "Walk the dog")]
    [TestCase("dog", "walking", "Walk the dog")]
    [TestCase("eggs", "bought", "Eggs")]
    [TestCase("groceries", "bought", "Buy groceries")]
    [TestCase("rent", "paid", "Pay rent")]
    [TestCase("mom", "called", "Call mom")]
    [TestCase("calling mom", null, "Call mom")]
    [TestCase("report", "wrote", "Write report")]
    [TestCase("report", "read", "Read report")]
    [TestCase("report", null, "?Write report|Read report")]
    [TestCase("plants", "watered", "Water the plants")]
    [TestCase("dentist", "booked", "Book dentist appointment")]
    [TestCase("meeting notes", null, "Team meeting notes")]
    [TestCase("taxes", null, "File taxes")]
    [TestCase("tax", "filed", "File taxes")]
    [TestCase("moment", null, "")]
    [TestCase("unicorn", null, "")]
    [TestCase("report mom", null, "")]
    public void ShouldMatchByWordsAndTheirForms(string words, string? deed, string expected)
    {
        var match = new TaskMatcher(null).Match(Tasks, TaskReference.ByWords(words.Split(' ')) with { Deed = deed });

        Assert.That(Describe(match), Is.EqualTo(expected));
    }

    [Test]
    public void ShouldMatchAQuotedTitleExactly()
    {
        var match = new TaskMatcher(null).Match(Tasks, TaskReference.ByWords(["call", "mom"]) with { Quoted = "call MOM" });

        Assert.That(Describe(match), Is.EqualTo("Call mom"));
    }

    [Test]
    public void ShouldAskTheMeaningOnlyWhenTheWordsAreUnsure()
    {
        var meaning = new FixedSimilarity(title => title == "Call mom" ? 0.8f : 0.2f);
        var matcher = new TaskMatcher(meaning);

        Assert.That(Describe(matcher.Match(Tasks, TaskReference.ByWords(["groceries"]))), Is.EqualTo("Buy groceries"));
        Assert.That(meaning.Calls, Is.Zero);

        Assert.That(Describe(matcher.Match(Tasks, TaskReference.ByWords(["mother"]) with { Deed = "phoned" })), Is.EqualTo("Call mom"));
        Assert.That(meaning.Calls, Is.EqualTo(1));
    }

    [TestCase(0.45f, 0.1f, "")]
    [TestCase(0.8f, 0.75f, "")]
    [TestCase(0.8f, 0.6f, "Call mom")]
    public void ShouldTakeTheMeaningOnlyWhenOneTitleStandsClearlyFirst(float best, float next, string expected)
    {
        var meaning = new FixedSimilarity(title => title == "Call mom" ? best : title == "Pay rent" ? next : 0f);

        var match = new TaskMatcher(meaning).Match(Tasks, TaskReference.ByWords(["mother"]) with { Deed = "phoned" });

        Assert.That(Describe(match), Is.EqualTo(expected));
    }

    [Test]
    public void ShouldBreakATieOfWordsOnlyByAClearMeaning()
    {
        var clear = new FixedSimilarity(title => title == "Write report" ? 0.8f : title == "Read report" ? 0.5f : 0f);
        var close = new FixedSimilarity(title => title == "Write report" ? 0.7f : title == "Read report" ? 0.66f : 0f);

        Assert.That(Describe(new TaskMatcher(clear).Match(Tasks, TaskReference.ByWords(["report"]))), Is.EqualTo("Write report"));
        Assert.That(Describe(new TaskMatcher(close).Match(Tasks, TaskReference.ByWords(["report"]))), Is.EqualTo("?Write report|Read report"));
    }

    [TestCase("walked the dog", "Walk the dog")]
    [TestCase("bought the eggs", "Eggs")]
    [TestCase("paid rent", "Pay rent")]
    [TestCase("phoned my mother", "Call mom")]
    public void ShouldFindTheTitleThatMeansThePhraseWithTheShippedModel(string phrase, string title)
    {
        var scores = MiniLmTitleSimilarity.Shared.Score(phrase, AgentHarness.StandardTitles);

        Assert.That(scores, Is.Not.Null, "the MiniLM model did not load");
        var best = scores!.Select((score, i) => (score, i)).MaxBy(p => p.score);
        Assert.That(AgentHarness.StandardTitles[best.i], Is.EqualTo(title));
        Assert.That(best.score, Is.GreaterThanOrEqualTo(TaskMatcher.MeaningThreshold));
        Assert.That(MiniLmTitleSimilarity.Shared.Score(phrase, AgentHarness.StandardTitles), Is.EqualTo(scores), "the same phrase scores the same every time");
    }

    [TestCase("walked", "walk")]
    [TestCase("walking", "walk")]
    [TestCase("called", "cal")]
    [TestCase("Call", "cal")]
    [TestCase("bought", "buy")]
    [TestCase("wrote", "writ")]
    [TestCase("Write", "writ")]
    [TestCase("writing", "writ")]
    [TestCase("groceries", "grocery")]
    [TestCase("shopping", "shop")]
    [TestCase("tidied", "tidy")]
    [TestCase("feed", "feed")]
    [TestCase("fed", "feed")]
    [TestCase("mom's", "mom")]
    [TestCase("taxes", "tax")]
    public void ShouldStemFormsOfAWordAlike(string word, string stem) =>
        Assert.That(WordForms.Stem(word), Is.EqualTo(stem));

    [TestCase("remvoe", "remove", true)]
    [TestCase("delte", "delete", true)]
    [TestCase("compelte", "complete", true)]
    [TestCase("renme", "rename", true)]
    [TestCase("removes", "remove", true)]
    [TestCase("remove", "remove", false)]
    [TestCase("rmvee", "remove", false)]
    [TestCase("update", "delete", false)]
    public void ShouldKnowAWordOneSlipAway(string typed, string meant, bool near) =>
        Assert.That(WordForms.OneSlipApart(typed, meant), Is.EqualTo(near));

    private static string Describe(TaskMatch match) =>
        (match.Ambiguous ? "?" : string.Empty) + string.Join("|", match.Tasks.Select(t => t.Title));

    private sealed class FixedSimilarity(Func<string, float> score) : ITitleSimilarity
    {
        public int Calls { get; private set; }

        public IReadOnlyList<float>? Score(string phrase, IReadOnlyList<string> titles)
        {
            Calls++;
            return titles.Select(score).ToList();
        }
    }
}
