using System.Globalization;
using System.Text.RegularExpressions;
using TodoChat.Application.Tasks;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// Turns one chat message into a <see cref="TaskRequest"/> with the words of <see cref="AgentVocabulary"/>.
/// In order: greetings, help and thanks; the opening phrase of an intent (the longest that fits, so
/// "remind me to remove the trash" adds a task); a deed done ("I walked the dog"); a question about
/// the list; a task followed by its fate ("rent is paid", "the groceries are no longer needed").
/// </summary>
internal static partial class IntentRecognizer
{
    /// <summary>"a new task called", "another reminder to", "todo:": built from the vocabulary's words.</summary>
    private static readonly Regex AddFiller = new(
        $@"^(?:(?:{Alternatives(AgentVocabulary.AddArticles)})\s+)?(?:new\s+)?(?:{Alternatives(AgentVocabulary.AddNouns)})s?\b(?:\s*(?:{Alternatives(AgentVocabulary.AddConnectors)})\b)?\s*:?",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>"to my list", "on the shopping list", "into our todos".</summary>
    private static readonly Regex AddTail = new(
        $@"\s+(?:to|on|onto|in|into)\s+(?:my|the|our)\s+(?:(?:{Alternatives(AgentVocabulary.ListKinds)})\s+)?(?:{Alternatives(AgentVocabulary.ListNouns)})$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// "the description of", "its details", "the notes on", "X's notes": the field to change. "notes" alone
    /// is no field ("rename the meeting notes to ...").
    /// </summary>
    private static readonly Regex DescriptionField = new(
        $@"('s\s+|\b(the|its|a)\s+)?\b({Alternatives(AgentVocabulary.DescriptionWords)})\b(\s+(of|for|on)\b)?" +
        $@"|('s\s+|\b(the|its|a)\s+)\b({Alternatives(AgentVocabulary.NoteWords)})\b(\s+(of|for|on)\b|\s*:)|'s\s+({Alternatives(AgentVocabulary.NoteWords)})\b",
        RegexOptions.CultureInvariant);

    /// <summary>"the title of", "its name", "X's title": the field to change.</summary>
    private static readonly Regex TitleField = new(
        $@"('s)?\s*\b(the\s+|its\s+)?({Alternatives(AgentVocabulary.TitleWords)})\b(\s+(of|for)\b)?|'s\b",
        RegexOptions.CultureInvariant);

    /// <summary>The leads by their first word; of two as long, one whose needed words follow comes first ("set ... as done").</summary>
    private static readonly PhraseIndex<Lead> Leads = new(AgentVocabulary.Leads.OrderByDescending(l => l.Needs.Length).Select(l => (l.Phrase, l)));

    /// <summary>One-word leads long enough that a typo in them is still recognisable.</summary>
    private static readonly Lead[] SlipLeads =
        [.. AgentVocabulary.Leads.Where(l => l.Needs.Length == 0 && l.Phrase.Length >= 6 && l.Phrase.All(char.IsLetter))];

    private static readonly PhraseIndex QuestionOpeners = new(AgentVocabulary.QuestionOpeners);
    private static readonly PhraseIndex Politeness = new(AgentVocabulary.Politeness);
    private static readonly PhraseIndex AddFillers = new(AgentVocabulary.AddFillers);
    private static readonly PhraseIndex Help = new(AgentVocabulary.Help);
    private static readonly PhraseIndex Doers = new(AgentVocabulary.Doers);
    private static readonly PhraseIndex DeedAdverbs = new(AgentVocabulary.DeedAdverbs);

    public static TaskRequest Recognize(string message)
    {
        var text = Normalize(message);
        var lower = text.ToLowerInvariant();
        var command = StripPoliteness(lower);
        var offset = lower.Length - command.Length;
        var bare = command.Trim(' ', '!', ',', '.', '?');
        if (bare.Length == 0 || WholeOf(AgentVocabulary.Greetings, bare) || WholeOf(AgentVocabulary.Greetings, lower.Trim(' ', '!', ',', '.', '?')))
        {
            return TaskRequest.Only(TaskIntent.Greeting, text);
        }

        if (command == "?" || Help.Longest(command) is not null)
        {
            return TaskRequest.Only(TaskIntent.Help, text);
        }

        var whole = lower.Trim(' ', '!', ',', '.', '?').Replace(",", string.Empty, StringComparison.Ordinal);
        if (WholeOf(AgentVocabulary.Thanks, bare) || WholeOf(AgentVocabulary.Thanks, whole))
        {
            return TaskRequest.Only(TaskIntent.Thanks, text);
        }

        if (WholeOf(AgentVocabulary.ListAlone, bare))
        {
            return TaskRequest.List(text, TaskStatusFilter.All);
        }

        if (FindLead(command) is { } lead)
        {
            var restStart = lead.Phrase.Length;
            while (restStart < command.Length && command[restStart] is ' ' or ':' or ',' or '-')
            {
                restStart++;
            }

            var rest = command[restStart..];
            switch (lead.Intent)
            {
                case TaskIntent.Add:
                    return ParseAdd(text, offset + restStart);
                case TaskIntent.Update:
                    return ParseUpdate(text, command, rest);
                case TaskIntent.List:
                    return TaskRequest.List(text, StatusIn(command) ?? TaskStatusFilter.All);
                case TaskIntent.Complete when lead.Needs.Length > 0 && ContainsAny(AgentVocabulary.PendingFirst, rest) is not null:
                    // "mark 3 as not done": reopening is not something the tools can do.
                    return TaskRequest.Unknown(text);
                case TaskIntent.Delete when ListItself().IsMatch(rest):
                    return TaskRequest.Delete(text, TaskReference.Everything, StatusIn(rest));
                case TaskIntent.Complete:
                case TaskIntent.Delete:
                    return Targeted(lead.Intent, text, lead.Needs.Length > 0 ? Before(rest, lead.Needs) : rest);
            }
        }

        if (ContainsAny(AgentVocabulary.ListAnywhere, command) is not null)
        {
            return TaskRequest.List(text, StatusIn(command) ?? TaskStatusFilter.All);
        }

        // "Did I call mom?", "is the report done?": a question about tasks is answered with the list,
        // never by marking one done.
        if ((Deed(text, command) ?? Fate(text, command)) is { } statement)
        {
            return IsQuestion(message, command) ? TaskRequest.List(text, TaskStatusFilter.All) : statement;
        }

        return TaskRequest.Unknown(text);
    }

    private static bool IsQuestion(string message, string command) =>
        message.TrimEnd().EndsWith('?') || QuestionOpeners.Longest(command) is not null;

    /// <summary>"I walked the dog", "finally called mom", "we've paid the rent": a deed done completes its task.</summary>
    private static TaskRequest? Deed(string text, string command)
    {
        var rest = command;
        var doer = Doers.Longest(rest);
        if (doer is not null)
        {
            rest = rest[doer.Length..].TrimStart();
        }

        while (DeedAdverbs.Longest(rest) is { } adverb)
        {
            rest = rest[adverb.Length..].TrimStart(' ', ',');
        }

        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? rest : rest[..space];
        var known = doer is not null ? WordForms.IsPast(verb) : WordForms.IsPlainlyPast(verb);
        if (!known || AgentVocabulary.NotDeeds.Contains(verb))
        {
            return null;
        }

        var target = ParseReference(text, space < 0 ? string.Empty : rest[(space + 1)..]) with { Deed = verb };
        return target.Words.Count == 0 && target.Quoted is null ? null : TaskRequest.Complete(text, target);
    }

    /// <summary>A task, then what became of it: "rent is paid", "the report is done", "groceries are no longer needed".</summary>
    private static TaskRequest? Fate(string text, string command)
    {
        var sentence = command.TrimEnd(' ', '!', '.', '?');
        while (EndsWithAny(AgentVocabulary.FateTails, sentence) is { } tail && tail.Length < sentence.Length)
        {
            sentence = sentence[..^tail.Length].TrimEnd(' ', '!', '.', ',');
        }

        if (ContainsAny(AgentVocabulary.RenameMiddles, sentence) is { } middle)
        {
            var at = IndexOfPhrase(sentence, middle);
            var value = OriginalCase(text, sentence[(at + middle.Length)..].Trim());
            return TaskRequest.Update(text, ParseReference(text, sentence[..at]), Capitalize(value), null);
        }

        if (EndsWithAny(AgentVocabulary.DroppedWords, sentence) is { } dropped)
        {
            return Fated(TaskIntent.Delete, text, sentence[..^dropped.Length], null);
        }

        if (EndsWithAny(AgentVocabulary.DoneWords, sentence) is { } done)
        {
            return Fated(TaskIntent.Complete, text, sentence[..^done.Length], null);
        }

        var space = sentence.LastIndexOf(' ');
        if (space > 0 && sentence[(space + 1)..] is var last && WordForms.IsPast(last) && !AgentVocabulary.NotDeeds.Contains(last))
        {
            return Fated(TaskIntent.Complete, text, sentence[..space], last);
        }

        return null;
    }

    private static TaskRequest? Fated(TaskIntent intent, string text, string before, string? deed)
    {
        before = before.TrimEnd(' ', ',', ':', '-', '?', '!', '.');
        if (before.EndsWith(" not", StringComparison.Ordinal) || before.EndsWith("n't", StringComparison.Ordinal) || before.EndsWith(" never", StringComparison.Ordinal))
        {
            return null;
        }

        while (EndsWithAny(AgentVocabulary.Linking, before) is { } linking)
        {
            before = before[..^linking.Length].TrimEnd(' ', ',');
        }

        var target = ParseReference(text, before) with { Deed = deed };
        if (target.IsEmpty)
        {
            return null;
        }

        return intent == TaskIntent.Delete ? TaskRequest.Delete(text, target) : TaskRequest.Complete(text, target);
    }

    private static TaskRequest Targeted(TaskIntent intent, string text, string rest)
    {
        var status = StatusIn(rest);
        var target = ParseReference(text, rest);

        // Only pending tasks can be completed: "done with it, complete" names no status.
        return intent == TaskIntent.Delete ? TaskRequest.Delete(text, target, status)
            : TaskRequest.Complete(text, target, status == TaskStatusFilter.Completed ? null : status);
    }

    private static TaskRequest ParseAdd(string text, int bodyStart)
    {
        var body = text[Math.Min(bodyStart, text.Length)..].Trim();
        if (NoteOnTask().Match(body) is { Success: true } note)
        {
            return TaskRequest.Update(text, ParseReference(text, note.Groups["target"].Value.ToLowerInvariant()), null, note.Groups["value"].Value.Trim().Trim('"', '\''));
        }

        string? description = null;
        if (DescriptionClause().Match(body) is { Success: true } withDescription)
        {
            description = withDescription.Groups["description"].Value.Trim().Trim('"', '\'');
            body = body[..withDescription.Index].Trim();
        }

        // "remind me tomorrow to call the bank": the time goes after the task.
        if (WhenFirst().Match(body) is { Success: true } whenFirst)
        {
            body = $"{whenFirst.Groups["what"].Value} {whenFirst.Groups["when"].Value}";
        }

        var quoted = Quotes(body);
        List<string> titles;
        if (quoted.Count > 0)
        {
            titles = quoted;
        }
        else
        {
            body = StripAround(body).TrimStart(':', ' ', ',', '-');
            titles = SplitList(body);
        }

        return TaskRequest.Add(text, titles.Select(Capitalize).Where(t => t.Length > 0).ToList(), description);
    }

    private static TaskRequest ParseUpdate(string text, string command, string rest)
    {
        // "the notes of X", "X's description to ...": the field; "the meeting notes task" is a title.
        var describing = DescriptionField.IsMatch(command) && ContainsAny(AgentVocabulary.TitleWords, command) is null;
        var quoted = Quotes(rest);

        // "rename 'Walk the dog' to 'Walk the dog at 7am'"
        if (quoted.Count >= 2)
        {
            var target = TaskReference.ByWords(WordsOf(quoted[0])) with { Quoted = OriginalCase(text, quoted[0]) };
            var value = OriginalCase(text, quoted[1]);
            return describing ? TaskRequest.Update(text, target, null, value) : TaskRequest.Update(text, target, Capitalize(value), null);
        }

        rest = WithField().Replace(rest, " to ");
        rest = Spaces().Replace(TitleField.Replace(DescriptionField.Replace(rest, " "), " "), " ").Trim();

        // A quoted title may hold a "to" of its own: "rename 'go to gym' to ...".
        var (at, marker) = FirstMarker(rest, 0);
        var quoteAt = quoted.Count == 1 ? rest.IndexOf(quoted[0], StringComparison.Ordinal) : -1;
        if (quoteAt >= 0 && at >= quoteAt && at < quoteAt + quoted[0].Length)
        {
            (at, marker) = FirstMarker(rest, quoteAt + quoted[0].Length);
        }

        if (marker is null)
        {
            return TaskRequest.Update(text, ParseReference(text, rest), null, null);
        }

        var reference = ParseReference(text, rest[..at]);
        var newValue = OriginalCase(text, TrimTail(rest[(at + marker.Length)..].TrimStart(' ', ':'))).Trim().Trim('"', '\'');
        return describing
            ? TaskRequest.Update(text, reference, null, newValue)
            : TaskRequest.Update(text, reference, Capitalize(newValue), null);
    }

    /// <summary>The first "to"/"into"/"as" after the task (after a quoted title, when there is one).</summary>
    private static (int At, string? Marker) FirstMarker(string rest, int from)
    {
        var best = (At: -1, Marker: (string?)null);
        foreach (var marker in AgentVocabulary.NewValueMarkers)
        {
            var at = IndexOfPhrase(rest, marker, from);
            if (at > 0 && (best.At < 0 || at < best.At || (at == best.At && marker.Length > best.Marker!.Length)))
            {
                best = (at, marker);
            }
        }

        return best;
    }

    private static string TrimTail(string value) =>
        EndsWithAny(AgentVocabulary.SignOffs, value) is { } tail ? value[..^tail.Length].TrimEnd(' ', ',') : value;

    private static TaskReference ParseReference(string text, string lowerPart)
    {
        var quoted = Quotes(lowerPart);
        if (quoted.Count == 1)
        {
            return TaskReference.ByWords(WordsOf(quoted[0])) with { Quoted = OriginalCase(text, quoted[0]) };
        }

        var reference = ParseWords(lowerPart);
        if (reference.Words.Count == 0)
        {
            return reference;
        }

        var groups = GroupSeparator().Split(lowerPart)
            .Select(part => ParseWords(part).Words)
            .Where(words => words.Count > 0)
            .ToList();
        return groups.Count > 1 ? reference with { Groups = groups } : reference;
    }

    private static TaskReference ParseWords(string lowerPart)
    {
        var words = WordsOf(lowerPart);
        var ids = new List<int>();
        var numbers = new List<string>();
        var titleWords = new List<string>();
        int? position = null;
        var last = false;
        foreach (var word in words)
        {
            var bare = word.TrimStart('#');
            if (int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || AgentVocabulary.NumberWords.TryGetValue(bare, out id))
            {
                ids.Add(id);
                numbers.Add(bare);
            }
            else if (Array.IndexOf(AgentVocabulary.Ordinals, word) is var ordinal and >= 0)
            {
                position = ordinal + 1;
            }
            else if (NumberedOrdinal().Match(word) is { Success: true } numbered)
            {
                position = int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (AgentVocabulary.LastWords.Contains(word))
            {
                last = true;
            }
            else if (!AgentVocabulary.Joiners.Contains(word) && !IsStatusWord(word) && !AgentVocabulary.NoiseWords.Contains(word)
                     && !AgentVocabulary.AllWords.Contains(word))
            {
                titleWords.Add(word);
            }
        }

        // "buy 2 apples" names a title that has a number in it; "tasks 4 and 5" names ids.
        if (titleWords.Count > 0)
        {
            titleWords.InsertRange(0, numbers);
            return TaskReference.ByWords(titleWords);
        }

        // "delete all completed tasks"; but "all the groceries" is the groceries.
        if (words.Any(AgentVocabulary.AllWords.Contains))
        {
            return TaskReference.Everything;
        }

        // "the first two tasks": a count of positions, which the tools cannot take at once; better to ask.
        if (position is not null && ids.Count > 0 && numbers.Any(AgentVocabulary.NumberWords.ContainsKey))
        {
            return TaskReference.None;
        }

        return ids.Count > 0 ? TaskReference.ById(ids)
            : position is int p ? TaskReference.AtPosition(p)
            : last ? TaskReference.LastOne
            : TaskReference.None;
    }

    private static bool IsStatusWord(string word) => word is "done" or "completed" or "complete" or "finished" or "pending";

    private static List<string> WordsOf(string text) =>
        Words().Matches(text.ToLowerInvariant())
            .Select(m => m.Value.EndsWith("'s", StringComparison.Ordinal) ? m.Value[..^2] : m.Value.TrimEnd('\''))
            .ToList();

    private static TaskStatusFilter? StatusIn(string text)
    {
        foreach (var name in AgentVocabulary.ListNames)
        {
            text = text.Replace(name, " ", StringComparison.Ordinal);
        }

        return ContainsAny(AgentVocabulary.PendingFirst, text) is not null ? TaskStatusFilter.Pending
            : ContainsAny(AgentVocabulary.CompletedWords, text) is not null ? TaskStatusFilter.Completed
            : ContainsAny(AgentVocabulary.PendingWords, text) is not null ? TaskStatusFilter.Pending
            : null;
    }

    private static Lead? FindLead(string command)
    {
        if (Leads.Longest(command, (lead, rest) => lead.Needs.Length == 0 || ContainsAny(lead.Needs, rest) is not null) is { } found)
        {
            return found.Value;
        }

        // "remvoe the eggs", "delte task 3": a one-word lead of six letters or more, one slip away ("clean" is no "clear").
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? command : command[..space];
        if (first.Length < 5 || WordForms.IsPast(first))
        {
            return null;
        }

        var near = SlipLeads.Where(l => WordForms.OneSlipApart(first, l.Phrase)).ToList();
        return near.Count > 0 && near.All(l => l.Intent == near[0].Intent) ? near[0] with { Phrase = first } : null;
    }

    /// <summary>The part before the first of the words: "task 3 as done" → "task 3".</summary>
    private static string Before(string rest, string[] words)
    {
        var cut = words.Select(w => IndexOfPhrase(rest, w)).Where(i => i >= 0).DefaultIfEmpty(rest.Length).Min();
        var before = rest[..cut].TrimEnd();
        return before.EndsWith(" as", StringComparison.Ordinal) ? before[..^3] : before == "as" ? string.Empty : before;
    }

    private static List<string> SplitList(string body)
    {
        // Several tasks at once only when the message lists them with commas or semicolons:
        // "milk, eggs and bread"; "call mom and dad" stays one task.
        if (!body.Contains(',', StringComparison.Ordinal) && !body.Contains(';', StringComparison.Ordinal))
        {
            return [body];
        }

        return ListSeparator().Split(body).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    /// <summary>Takes fillers off the front ("a new task to") and tails off the end ("to my list"), as often as they come.</summary>
    private static string StripAround(string body)
    {
        var changed = true;
        while (changed && body.Length > 0)
        {
            changed = false;
            var lowerBody = body.ToLowerInvariant();
            var filler = AddFiller.Match(lowerBody) is { Success: true, Length: > 0 } kind ? kind.Value : AddFillers.Longest(lowerBody);
            if (filler is not null && filler.Length < body.Length)
            {
                body = body[filler.Length..].TrimStart(' ', ':', ',');
                changed = true;
            }
            else if ((AddTail.Match(lowerBody) is { Success: true } place ? place.Value : EndsWithAny(AgentVocabulary.AddTails, lowerBody)) is { } tail
                     && tail.Length < body.Length)
            {
                body = body[..^tail.Length].TrimEnd(' ', ',');
                changed = true;
            }
        }

        return body;
    }

    private static List<string> Quotes(string text) =>
        Quoted().Matches(text).Select(q => q.Groups["q"].Value.Trim()).Where(q => q.Length > 0).ToList();

    private static string Normalize(string message) =>
        Spaces().Replace(message.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"'), " ")
            .Trim()
            .TrimEnd('.', '!', '?', ' ');

    private static string StripPoliteness(string lower)
    {
        var current = lower;
        while (Politeness.Longest(current) is { } polite && polite.Length < current.Length)
        {
            current = current[polite.Length..].TrimStart(' ', ',', '!', '.');
        }

        return current;
    }

    /// <summary>The same span of the original message, with its capitals, found by its lower-case form.</summary>
    private static string OriginalCase(string text, string lowerPart)
    {
        var index = text.LastIndexOf(lowerPart, StringComparison.OrdinalIgnoreCase);
        return index >= 0 ? text.Substring(index, lowerPart.Length) : lowerPart;
    }

    private static string Capitalize(string title)
    {
        title = title.Trim().Trim('"', '\'').Trim();
        return title.Length == 0 ? title : char.ToUpperInvariant(title[0]) + title[1..];
    }

    private static string Alternatives(IEnumerable<string> words) => string.Join('|', words.OrderByDescending(w => w.Length).Select(Regex.Escape));

    private static bool WholeOf(string[] phrases, string text) => Array.IndexOf(phrases, text) >= 0;

    private static string? EndsWithAny(string[] phrases, string text)
    {
        string? best = null;
        foreach (var phrase in phrases)
        {
            if ((best is null || phrase.Length > best.Length) && text.EndsWith(phrase, StringComparison.Ordinal)
                && (text.Length == phrase.Length || !char.IsLetterOrDigit(text[^(phrase.Length + 1)]) || !char.IsLetterOrDigit(phrase[0])))
            {
                best = phrase;
            }
        }

        return best;
    }

    private static string? ContainsAny(string[] phrases, string text) => phrases.FirstOrDefault(p => IndexOfPhrase(text, p) >= 0);

    /// <summary>Where the phrase stands in the text as whole words, or -1.</summary>
    private static int IndexOfPhrase(string text, string phrase, int from = 0)
    {
        for (var at = text.IndexOf(phrase, from, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
        {
            var startOk = at == 0 || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(phrase[0]);
            var end = at + phrase.Length;
            var endOk = end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(phrase[^1]);
            if (startOk && endOk)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>"clear my list", "delete my tasks", "wipe everything": the whole list.</summary>
    [GeneratedRegex(@"^((the|my|our)\s+)?(whole\s+|entire\s+)?(list|tasks|todos|to-dos|todo list|to-do list|task list)$")]
    private static partial Regex ListItself();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>"... with description X", "... and a note saying X", "..., description: X", "... (details: X)".</summary>
    [GeneratedRegex(@"(\s+(with|and)\s+(a\s+|the\s+)?(description|note|notes|details)(\s+of|\s+that says|\s+saying)?\s*:?|\s*[,;(\-]\s*(a\s+|the\s+)?(description|note|notes|details)\s*:)\s*(?<description>.+?)\)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DescriptionClause();

    /// <summary>"add a note to the groceries task: oat milk": a description for a task, not a new task.</summary>
    [GeneratedRegex(@"^(a |an |the )?(description|note|notes|details|comment) (to|for|on) (?<target>.+?)(:|\s+saying|\s+that says|\s+reading)\s*(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NoteOnTask();

    /// <summary>"Call mom" or 'Call mom' (an apostrophe inside a word, as in "don't", opens no quote).</summary>
    [GeneratedRegex(@"""(?<q>[^""]+)""|(?<![\p{L}\p{N}])'(?<q>[^']{2,}?)'(?![\p{L}\p{N}])")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s*(?:,|;)\s*(?:and\s+)?|\s+and\s+(?=[^,;]*$)")]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"\s*(?:,|;|&|\band\b|\bplus\b)\s*")]
    private static partial Regex GroupSeparator();

    [GeneratedRegex(@"^(?<when>tomorrow|today|tonight|later|this \w+|next \w+|on \w+|at \S+|in the \w+)\s+to\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WhenFirst();

    /// <summary>"update task 10 with title X": "with" a field names the new value.</summary>
    [GeneratedRegex(@"\s+with\s+(the\s+|a\s+)?(new\s+)?(title|name|description|details)\b\s*:?")]
    private static partial Regex WithField();

    /// <summary>"2nd", "3rd", "11th": a position in the list.</summary>
    [GeneratedRegex(@"^([1-9][0-9]?)(st|nd|rd|th)$")]
    private static partial Regex NumberedOrdinal();

    [GeneratedRegex(@"#?[\p{L}\p{N}][\p{L}\p{N}'\-]*")]
    private static partial Regex Words();
}
