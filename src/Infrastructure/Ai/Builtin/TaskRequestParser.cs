using System.Globalization;
using System.Text.RegularExpressions;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// Turns one chat message into a <see cref="TaskRequest"/>: rules over the words people use for each
/// intent, not one template per intent. The first verb phrase decides the intent ("remind me to
/// remove the trash" adds a task); phrases that put the verb last ("the report is done") come after.
/// </summary>
internal static partial class TaskRequestParser
{
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    private static readonly HashSet<string> NoiseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "my", "task", "tasks", "item", "items", "one", "ones", "todo", "to-do", "thing", "entry",
        "called", "named", "titled", "about", "that", "which", "says", "with", "please", "of", "on", "list", "from", "as",
        "is", "it", "this", "for", "number", "no", "id", "#",
    };

    public static TaskRequest Parse(string message)
    {
        var text = Normalize(message);
        var lower = text.ToLowerInvariant();
        var command = StripPoliteness(lower);

        if (command.Length == 0 || Greeting().IsMatch(command))
        {
            return TaskRequest.Of(TaskIntent.Greeting, text);
        }

        if (Help().IsMatch(command))
        {
            return TaskRequest.Of(TaskIntent.Help, text);
        }

        if (Thanks().IsMatch(command))
        {
            return TaskRequest.Of(TaskIntent.Thanks, text);
        }

        // The leading verb phrase decides.
        if (AddLead().Match(command) is { Success: true } add)
        {
            return ParseAdd(text, add.Length + (lower.Length - command.Length));
        }

        if (UpdateLead().Match(command) is { Success: true } update)
        {
            return ParseUpdate(text, command[update.Length..]);
        }

        if (DeleteLead().Match(command) is { Success: true } delete)
        {
            return Targeted(TaskIntent.Delete, text, command[delete.Length..]);
        }

        if (CompleteLead().Match(command) is { Success: true } complete)
        {
            var rest = command[complete.Length..];
            var asDone = MarkAsDone().Match(rest);
            if (asDone.Success)
            {
                rest = rest[..asDone.Index];
            }
            else if (command.StartsWith("mark", StringComparison.Ordinal) || command.StartsWith("set", StringComparison.Ordinal))
            {
                return TaskRequest.Of(TaskIntent.Unknown, text);
            }

            return Targeted(TaskIntent.Complete, text, rest);
        }

        if (ListLead().IsMatch(command) || ListAnywhere().IsMatch(command))
        {
            return new TaskRequest(TaskIntent.List, text, [], null, StatusIn(command), TaskReference.None, null, null);
        }

        // Verb last: "the report is done", "groceries are finished", "laundry done".
        if (DoneTrailing().Match(command) is { Success: true } doneTrailing)
        {
            return Targeted(TaskIntent.Complete, text, doneTrailing.Groups["what"].Value);
        }

        return TaskRequest.Of(TaskIntent.Unknown, text);
    }

    private static TaskRequest ParseAdd(string text, int triggerLength)
    {
        var body = text[Math.Min(triggerLength, text.Length)..].Trim();
        string? description = null;
        var withDescription = DescriptionClause().Match(body);
        if (withDescription.Success)
        {
            description = withDescription.Groups["description"].Value.Trim();
            body = body[..withDescription.Index].Trim();
        }

        var quoted = Quoted().Matches(body);
        List<string> titles;
        if (quoted.Count > 0)
        {
            titles = quoted.Select(q => q.Groups["q"].Value.Trim()).Where(t => t.Length > 0).ToList();
        }
        else
        {
            body = AddTail().Replace(body, string.Empty).Trim();
            body = AddFiller().Replace(body, string.Empty).Trim();
            titles = SplitList(body);
        }

        titles = titles.Select(Capitalize).Where(t => t.Length > 0).ToList();
        return new TaskRequest(titles.Count == 0 ? TaskIntent.Unknown : TaskIntent.Add, text, titles, description, null, TaskReference.None, null, null);
    }

    private static TaskRequest ParseUpdate(string text, string rest)
    {
        // "<target>'s description to X", "the description of <target> to X", "<target> to X"
        var describing = DescriptionOnly().IsMatch(rest);
        rest = DescriptionWord().Replace(rest, " ");
        var to = ToClause().Match(rest);
        if (!to.Success)
        {
            return new TaskRequest(TaskIntent.Update, text, [], null, null, ParseReference(rest), null, null);
        }

        var target = ParseReference(rest[..to.Index]);
        var newValue = OriginalCase(text, to.Groups["value"].Value).Trim().Trim('"', '\'');
        return describing
            ? new TaskRequest(TaskIntent.Update, text, [], null, null, target, null, newValue)
            : new TaskRequest(TaskIntent.Update, text, [], null, null, target, Capitalize(newValue), null);
    }

    private static TaskRequest Targeted(TaskIntent intent, string text, string rest) =>
        new(intent, text, [], null, StatusIn(rest), ParseReference(rest), null, null);

    private static TaskReference ParseReference(string text)
    {
        var reference = ParseWords(text);
        if (reference.Words.Count == 0)
        {
            return reference;
        }

        var groups = GroupSeparator().Split(text)
            .Select(part => ParseWords(part).Words)
            .Where(words => words.Count > 0)
            .ToList();
        return groups.Count > 1 ? reference with { Groups = groups } : reference;
    }

    private static TaskReference ParseWords(string text)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        if (words.Any(w => w is "all" or "every" or "everything"))
        {
            return TaskReference.None with { All = true };
        }

        var ids = new List<int>();
        var titleWords = new List<string>();
        int? position = null;
        var last = false;
        foreach (var word in words)
        {
            var bare = word.TrimStart('#');
            if (int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else if (Array.IndexOf(Ordinals, word) is var ordinal and >= 0)
            {
                position = ordinal + 1;
            }
            else if (word is "last")
            {
                last = true;
            }
            else if (word is not ("and" or "or" or "&" or "done" or "completed" or "complete" or "finished" or "pending")
                     && !NoiseWords.Contains(word))
            {
                titleWords.Add(word);
            }
        }

        // "buy 2 apples" names a title that has a number in it; "tasks 4 and 5" names ids.
        if (titleWords.Count > 0)
        {
            titleWords.InsertRange(0, ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            return new TaskReference([], titleWords, null, false, false);
        }

        return new TaskReference(ids, [], ids.Count > 0 ? null : position, ids.Count == 0 && last, false);
    }

    private static string? StatusIn(string text) =>
        CompletedWord().IsMatch(text) ? "completed" : PendingWord().IsMatch(text) ? "pending" : null;

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

    private static string Normalize(string message) =>
        Spaces().Replace(message.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"'), " ")
            .Trim()
            .TrimEnd('.', '!', '?', ' ');

    private static string StripPoliteness(string lower)
    {
        var previous = string.Empty;
        var current = lower;
        while (current != previous)
        {
            previous = current;
            current = Politeness().Replace(current, string.Empty).Trim();
        }

        return current;
    }

    /// <summary>The same span of the original message, with its capitals, found by its lower-case form.</summary>
    private static string OriginalCase(string text, string lowerPart)
    {
        var index = text.ToLowerInvariant().LastIndexOf(lowerPart, StringComparison.Ordinal);
        return index >= 0 ? text.Substring(index, lowerPart.Length) : lowerPart;
    }

    private static string Capitalize(string title)
    {
        title = title.Trim().Trim('"', '\'').Trim();
        return title.Length == 0 ? title : char.ToUpperInvariant(title[0]) + title[1..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(please|pls|plz|hey|ok|okay|so|now|also|and|then|oh|um|can you|could you|would you|will you|can u|i want to|i'd like to|i would like to|i wanna|let's|lets|go ahead and|kindly)\b[\s,]*")]
    private static partial Regex Politeness();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening))\b\W*(there|agent|bot)?\W*$")]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^(help|\?|what can you do|what do you do|how does this work|how do i use (this|you)|commands)\b")]
    private static partial Regex Help();

    [GeneratedRegex(@"^(thanks|thank you|thx|ty|cheers|great|awesome|perfect|cool|nice)\b\W*(a lot|so much)?\W*$")]
    private static partial Regex Thanks();

    [GeneratedRegex(@"^(add|create|make|new|note( down)?|jot( down)?|put|schedule|remember( to)?|remind me( to)?|don't let me forget( to)?|dont let me forget( to)?|don't forget( to)?|dont forget( to)?|i (need|have|must|should|gotta|got) to|i need|todo:|to-do:|task:)\b:?\s*")]
    private static partial Regex AddLead();

    [GeneratedRegex(@"^((a |an )?(new )?(task|todo|to-do|item|reminder|entry)s?( to| for| called| named| titled| that says)?:?\s+)")]
    private static partial Regex AddFiller();

    [GeneratedRegex(@"\s+(to|on|onto|in|into)\s+(my|the)\s+(todo |to-do |to do |task |tasks |shopping )?(list|tasks|todos)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AddTail();

    [GeneratedRegex(@"\s+(with|and)\s+(a\s+|the\s+)?(description|note|notes|details)(\s+of|\s+that says|\s+saying)?\s*:?\s*(?<description>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DescriptionClause();

    [GeneratedRegex(@"""(?<q>[^""]+)""|'(?<q>[^']{2,})'(?=\s|$|,)")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s*(?:,|;)\s*(?:and\s+)?|\s+and\s+(?=[^,;]*$)")]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"^(rename|change|update|edit|modify|retitle|set|reword|correct|fix)\b\s*")]
    private static partial Regex UpdateLead();

    [GeneratedRegex(@"('s)?\s*\b(description|details|note|notes)\b(\s+of)?|\b(the\s+)?(title|name)\b(\s+of)?|'s\b")]
    private static partial Regex DescriptionWord();

    [GeneratedRegex(@"\b(description|details|note|notes)\b")]
    private static partial Regex DescriptionOnly();

    [GeneratedRegex(@"\s*(?:,|;|&|\band\b)\s*")]
    private static partial Regex GroupSeparator();

    [GeneratedRegex(@"\s+(to|into|as)\s+(?<value>.+)$")]
    private static partial Regex ToClause();

    [GeneratedRegex(@"^(delete|remove|cancel|drop|scratch|erase|trash|clear|discard|get rid of|forget( about)?|cross out|take off|strike)\b\s*")]
    private static partial Regex DeleteLead();

    [GeneratedRegex(@"^(complete|completed|finish|finished|done( with)?|close|check( off)?|tick( off)?|mark|set|i('ve| have)? (finished|completed|done|did)|i'm done with|i am done with|we('ve| have)? (finished|completed|done)|got)\b\s*")]
    private static partial Regex CompleteLead();

    [GeneratedRegex(@"\s*\b(as\s+)?(done|complete|completed|finished|checked)\b.*$")]
    private static partial Regex MarkAsDone();

    [GeneratedRegex(@"^(?<what>.+?)\s+(is|are|was|were)?\s*(done|finished|complete|completed|sorted|taken care of)$")]
    private static partial Regex DoneTrailing();

    [GeneratedRegex(@"^(show|list|display|view|see|get|give me|tell me|print|read|what|what's|whats|which|how many|do i have|any|anything|remaining|pending|outstanding|my (tasks|todos|list))\b")]
    private static partial Regex ListLead();

    [GeneratedRegex(@"\b(my (tasks|todos|to-dos|list|todo list|to-do list))\b|\bon my plate\b|\bleft to do\b")]
    private static partial Regex ListAnywhere();

    [GeneratedRegex(@"\b(completed|done|finished|closed|checked off)\b")]
    private static partial Regex CompletedWord();

    [GeneratedRegex(@"\b(pending|left|remaining|open|incomplete|outstanding|unfinished|to do|todo|not done|undone|still)\b")]
    private static partial Regex PendingWord();

    [GeneratedRegex(@"#?[\p{L}\p{N}][\p{L}\p{N}'\-]*")]
    private static partial Regex Words();
}
