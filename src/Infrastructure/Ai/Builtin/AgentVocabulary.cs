namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// A phrase that opens a request and names its intent ("remind me to" adds, "get rid of" deletes).
/// <paramref name="Needs"/>: words one of which must follow for the phrase to count ("mark X as done",
/// "take X off my list"); they end the part that names the task.
/// </summary>
internal sealed record Lead(string Phrase, TaskIntent Intent, params string[] Needs);

/// <summary>
/// Everything the builtin agent knows about English, as data: the words of each intent, the fillers
/// it skips and the verb forms it reads. The rules that use them are in <see cref="IntentRecognizer"/>
/// and <see cref="TaskMatcher"/>; a new phrasing is usually a new row here.
/// </summary>
internal static class AgentVocabulary
{
    /// <summary>Said before the request and skipped: "please", "can you", "ok so".</summary>
    public static readonly string[] Politeness =
    [
        "please", "pls", "plz", "hey", "ok", "okay", "so", "now", "also", "and", "then", "oh", "um", "uh", "well", "alright", "right",
        "can you", "could you", "would you", "will you", "can u", "could u", "you can", "i want to", "i wanted to", "i'd like to", "i would like to",
        "i wanna", "let's", "lets", "go ahead and", "kindly", "bot", "agent", "quick", "quickly", "hi", "hello",
        "actually", "oops", "hmm", "yes", "yeah", "yep", "yo", "k", "kk", "hiya", "yay", "woohoo", "great", "cool", "nice", "we can", "i'd like", "i would like", "finally", "at last",
        "thanks", "thank you", "great thanks", "ok thanks", "got it", "perfect", "awesome", "could you please", "can you please", "would you please", "please can you", "would you mind", "do you mind", "mind", "hey there", "hi there", "sorry",
    ];

    public static readonly string[] Greetings =
    [
        "hi", "hello", "hey", "hiya", "howdy", "yo", "good morning", "good afternoon", "good evening", "morning", "greetings",
        "hi there", "hello there", "hey there", "sup", "what's up", "whats up",
    ];

    public static readonly string[] Help =
    [
        "help", "?", "what can you do", "what do you do", "how does this work", "how do i use this", "how do i use you", "commands",
        "what can i say", "what can i ask", "what are you", "who are you", "how do you work", "help me", "options", "menu", "usage",
        "how do i", "how can i", "how to", "i need help", "need help", "i need some help", "i'm confused", "im confused", "i'm lost", "what can i do", "what can i do here", "what do i say", "what should i say", "instructions", "what are the commands", "what commands",
    ];

    public static readonly string[] Thanks =
    [
        "thanks", "thank you", "thx", "ty", "cheers", "great", "awesome", "perfect", "cool", "nice", "thanks a lot", "thank you so much",
        "thanks so much", "much appreciated", "appreciate it", "great thanks", "ok thanks", "okay thanks", "got it", "good job", "well done",
        "ok", "okay", "alright", "sure", "nothing else", "that's all", "thats all", "that's it", "thats it", "no thanks", "nope", "all good",
        "that's all thanks", "that's all for now", "nothing else thanks", "bye", "goodbye", "see you", "see ya", "k", "kk", "k thanks", "k thx", "ok thx",
    ];

    /// <summary>Words that make a question one about the list.</summary>
    public static readonly string[] ListHints =
    [
        "task", "tasks", "todo", "todos", "to-do", "to-dos", "list", "item", "items", "thing", "things", "left", "remaining", "remain",
        "remains", "pending", "open", "outstanding", "done", "finished", "finish", "completed", "complete", "to do", "plate", "agenda",
        "everything", "all", "next", "due", "upcoming", "have", "got", "undone", "unfinished", "incomplete", "ones", "one", "status",
        "progress", "accomplished", "achieved", "did", "doing", "overview", "summary", "rundown", "recap", "lineup", "work", "planned", "scheduled", "need", "still",
    ];

    /// <summary>Words that say a task is finished: "the report is done", "mark 3 as complete".</summary>
    public static readonly string[] DoneWords =
    [
        "done", "finished", "complete", "completed", "checked", "ticked", "sorted", "taken care of", "handled", "dealt with", "over", "ready",
        "accomplished", "resolved", "achieved", "crossed off", "checked off", "ticked off", "out of the way", "wrapped up", "closed", "\u2705", "\u2714", "\u2714\ufe0f", "\u2611",
    ];

    /// <summary>How a question about a task opens: "did I call mom", "is the report done".</summary>
    public static readonly string[] QuestionOpeners =
        ["did", "do", "does", "have", "has", "is", "are", "was", "were", "had", "didn't", "haven't", "hasn't", "isn't", "aren't"];

    /// <summary>Opening phrases per intent; the longest that fits wins ("don't forget to" adds, "forget" deletes).</summary>
    public static readonly Lead[] Leads =
    [
        .. Of(TaskIntent.Add,
            "add", "create", "make", "new", "note", "note down", "jot", "jot down", "write down", "put", "put down", "schedule",
            "remember", "remember to", "remind me", "remind me to", "remind me about", "remind me that i need to", "remind me that i have to",
            "don't let me forget", "don't let me forget to", "dont let me forget to", "do not let me forget to", "don't forget", "don't forget to",
            "dont forget to", "do not forget to", "i need to", "i have to", "i must", "i should", "i gotta", "i got to", "i've got to", "i ought to",
            "i need", "need to", "have to", "gotta", "got to", "must", "todo:", "to-do:", "task:", "new task:", "todo", "to-do", "to do:", "set a reminder to", "set a reminder for",
            "set up a reminder to", "insert", "append", "i want to remember to", "can you remember to", "i still need to",
            "i also need to", "we need to", "we have to", "we should", "we must", "a new task", "a task", "another task", "one more task",
            "new todo", "new item", "new reminder", "a new todo", "a reminder", "reminder:", "reminder", "remind me:", "add:"),
        .. Of(TaskIntent.Update,
            "rename", "change", "update", "edit", "modify", "retitle", "reword", "rephrase", "correct", "fix", "alter", "amend", "relabel", "set",
            "set the title", "set the name", "set the description", "set the note"),
        .. Of(TaskIntent.Delete,
            "delete", "remove", "cancel", "drop", "scratch", "erase", "trash", "clear", "discard", "get rid of", "forget", "forget about",
            "cross out", "strike", "strike out", "ditch", "dump", "nuke", "wipe", "toss", "scrap", "bin", "axe", "purge", "eliminate", "lose",
            "i don't need", "i dont need", "i do not need", "i no longer need", "i don't need to", "i dont need to", "i no longer need to",
            "no need to", "no need for", "never mind", "nevermind", "don't bother with", "dont bother with", "don't bother", "i don't want",
            "i dont want", "i do not want", "i changed my mind about", "i'm not going to", "im not going to", "i won't", "i wont", "we don't need",
            "skip", "we no longer need", "there's no need to", "theres no need to", "forget it", "kill", "no longer need", "don't need",
            "dont need", "do not need", "no longer need to", "don't need to", "never mind about", "i can skip", "we can skip", "abandon",
            "give up on", "i'm giving up on", "i gave up on", "i'm not doing", "i won't be", "not doing", "we're not doing", "we are not doing",
            "i am not doing", "we won't", "we won't be", "i don't care about", "i dont care about", "stop reminding me about",
            "stop reminding me to", "stop reminding me of", "i don't have to", "i dont have to", "i no longer have to", "don't have to",
            "we don't have to", "i do not have to"),
        .. Of(TaskIntent.Complete,
            "complete", "completed", "finish", "finished", "done", "done with", "close", "check off", "tick off", "check", "tick",
            "i've finished", "i have finished", "i finished", "i've completed", "i have completed", "i completed", "i've done", "i have done",
            "i'm done with", "im done with", "i am done with", "we've finished", "we have finished", "we finished", "we're done with",
            "i'm finished with", "i am finished with", "i'm done", "im done", "i am done", "we're done", "all done", "knock out", "knocked out", "wrap up", "wrapped up", "i wrapped up",
            "all done with", "cross off", "crossed off", "i crossed off", "accomplished", "i accomplished", "resolve", "resolved", "i resolved",
            "i've handled", "i handled", "handled", "i took care of", "took care of", "i've taken care of", "i have taken care of", "sorted",
            "i sorted", "i've sorted", "nailed", "i nailed", "i'm through with", "im through with", "through with", "i am through with", "i've just finished", "i just finished", "i just completed", "just finished"),
        .. Of(TaskIntent.Add, "adding", "creating", "putting"),
        .. Of(TaskIntent.Delete, "deleting", "removing", "cancelling", "canceling", "dropping", "erasing"),
        .. Of(TaskIntent.Complete, "completing", "finishing", "closing", "checking off", "ticking off"),
        .. Of(TaskIntent.Update, "renaming", "changing", "updating", "editing"),
        .. Of(TaskIntent.List, "listing", "showing"),
        .. Of(TaskIntent.Complete, "\u2705", "\u2714", "\u2714\ufe0f", "\u2611"),
        new Lead("marking", TaskIntent.Complete, DoneWords),
        new Lead("make", TaskIntent.Update, "say"),
        new Lead("mark", TaskIntent.Complete, DoneWords),
        new Lead("set", TaskIntent.Complete, DoneWords),
        new Lead("flag", TaskIntent.Complete, DoneWords),
        new Lead("cross", TaskIntent.Complete, "off"),
        new Lead("take", TaskIntent.Delete, "off"),
        new Lead("knock", TaskIntent.Complete, "off"),
        .. Of(TaskIntent.List,
            "show", "list", "display", "view", "read me", "read out", "read my", "remaining", "pending", "outstanding", "my tasks", "my todos",
            "my list", "my todo list", "my to-do list", "status", "overview", "summary", "agenda", "todo list", "to-do list", "open tasks",
            "completed tasks", "finished tasks", "done tasks", "pending tasks", "all tasks", "all my tasks", "check my list", "check my tasks",
            "recap", "show me"),

        // Questions ask for the list only when they speak of tasks: "what's left?" does, "what's the weather?" does not.
        .. new[]
        {
            "what", "what's", "whats", "what is", "what are", "which", "how many", "do i have", "have i", "any", "anything", "get", "give me",
            "tell me", "print", "see", "is there anything", "are there any", "is anything", "where am i", "where are we", "how am i doing",
            "how's my list", "hows my list", "let me see", "can i see", "i want to see", "i'd like to see", "remind me what", "remind me of my",
            "what else", "did i", "have we", "how much",
        }.Select(phrase => new Lead(phrase, TaskIntent.List, ListHints)),
    ];

    /// <summary>A whole message that names the list: "tasks?", "everything".</summary>
    public static readonly string[] ListAlone = ["tasks", "todos", "to-dos", "todo", "to do", "my stuff", "everything", "all", "the list", "list"];

    /// <summary>Anywhere in a message that no lead opened: it asks for the list.</summary>
    public static readonly string[] ListAnywhere =
    [
        "my tasks", "my todos", "my to-dos", "my list", "my todo list", "my to-do list", "on my plate", "left to do", "still to do",
        "need to do today", "i have to do", "have left", "are left", "is left", "my agenda", "my todo", "to do list",
        "tasks remaining", "tasks left", "tasks pending", "tasks outstanding", "tasks open", "tasks done", "tasks completed", "tasks finished",
    ];

    /// <summary>After a task: it can go ("the groceries are no longer needed").</summary>
    public static readonly string[] DroppedWords =
    [
        "no longer needed", "not needed", "not needed anymore", "isn't needed", "isnt needed", "aren't needed", "unnecessary", "can go",
        "can be deleted", "can be removed", "should be deleted", "should be removed", "cancelled", "canceled", "obsolete", "irrelevant",
        "off the table", "called off", "not happening", "isn't happening", "is not happening", "won't happen", "not going to happen", "no longer necessary", "not necessary", "isn't necessary", "deleted", "removed",
    ];

    /// <summary>Between a task and its done word: "rent is paid", "the dog has been walked".</summary>
    public static readonly string[] Linking =
    [
        "is", "are", "was", "were", "has been", "have been", "is now", "are now", "got", "'s", "is all", "are all", "all", "is finally",
        "finally", "is already", "already", "now", "just got", "has finally been", "is totally", "totally", "has", "have", "'s been", "been",
        "'ve been", "has now been", "have now been",
    ];

    /// <summary>The people who did it ("I walked the dog") and the words they put before the deed.</summary>
    public static readonly string[] Doers =
        ["i", "we", "i've", "ive", "we've", "i have", "we have", "i had", "i just", "we just", "just", "have i", "have we", "has it been"];

    public static readonly string[] DeedAdverbs = ["just", "finally", "already", "now", "also", "actually", "totally", "successfully", "at last", "eventually"];

    /// <summary>Past tenses that may precede "to" without a deed done ("I wanted to ...").</summary>
    public static readonly HashSet<string> NotDeeds = new(StringComparer.Ordinal)
    {
        "wanted", "needed", "decided", "tried", "hoped", "planned", "meant", "forgot", "used", "started", "began", "liked", "loved", "hated",
        "would", "could", "should", "added", "asked", "created", "listed", "said", "told", "wished", "agreed", "promised", "remembered", "was",
        "were", "had", "missed", "failed", "wondered", "thought", "heard", "seemed",
    };

    /// <summary>Past forms that do not end in -ed, each with its base: "I bought the groceries".</summary>
    public static readonly Dictionary<string, string> IrregularPast = new(StringComparer.Ordinal)
    {
        ["bought"] = "buy", ["paid"] = "pay", ["wrote"] = "write", ["written"] = "write", ["sent"] = "send", ["made"] = "make",
        ["took"] = "take", ["taken"] = "take", ["did"] = "do", ["went"] = "go", ["gone"] = "go", ["got"] = "get", ["gotten"] = "get",
        ["gave"] = "give", ["given"] = "give", ["fed"] = "feed", ["met"] = "meet", ["brought"] = "bring", ["sold"] = "sell",
        ["found"] = "find", ["ran"] = "run", ["swept"] = "sweep", ["spoke"] = "speak", ["spoken"] = "speak", ["ate"] = "eat",
        ["eaten"] = "eat", ["drove"] = "drive", ["driven"] = "drive", ["kept"] = "keep", ["spent"] = "spend", ["built"] = "build",
        ["came"] = "come", ["saw"] = "see", ["seen"] = "see", ["drank"] = "drink", ["taught"] = "teach", ["caught"] = "catch",
        ["thought"] = "think", ["won"] = "win", ["wore"] = "wear", ["worn"] = "wear", ["mown"] = "mow", ["chose"] = "choose",
        ["chosen"] = "choose", ["held"] = "hold", ["lent"] = "lend", ["rang"] = "ring", ["rung"] = "ring", ["slept"] = "sleep",
        ["swam"] = "swim", ["woke"] = "wake", ["withdrew"] = "withdraw", ["withdrawn"] = "withdraw", ["began"] = "begin", ["begun"] = "begin",
        ["drew"] = "draw", ["drawn"] = "draw", ["flew"] = "fly", ["flown"] = "fly", ["grew"] = "grow", ["grown"] = "grow",
        ["knew"] = "know", ["threw"] = "throw", ["thrown"] = "throw", ["blew"] = "blow", ["sang"] = "sing", ["sung"] = "sing",
        ["hung"] = "hang", ["dug"] = "dig", ["fought"] = "fight", ["sought"] = "seek", ["bound"] = "bind", ["wound"] = "wind",
        ["stuck"] = "stick", ["struck"] = "strike", ["swung"] = "swing", ["tore"] = "tear", ["torn"] = "tear", ["rode"] = "ride",
        ["ridden"] = "ride", ["rewrote"] = "rewrite", ["rewritten"] = "rewrite", ["redid"] = "redo", ["redone"] = "redo", ["sewn"] = "sew",
        ["shown"] = "show", ["hid"] = "hide", ["hidden"] = "hide", ["bit"] = "bite", ["lit"] = "light", ["led"] = "lead", ["fled"] = "flee",
        ["dealt"] = "deal", ["read"] = "read", ["put"] = "put", ["cut"] = "cut", ["set"] = "set", ["shut"] = "shut", ["hit"] = "hit", ["let"] = "let",
        ["quit"] = "quit", ["cast"] = "cast", ["cost"] = "cost", ["split"] = "split", ["spread"] = "spread", ["understood"] = "understand",
        ["forgave"] = "forgive", ["froze"] = "freeze", ["frozen"] = "freeze", ["stole"] = "steal", ["sat"] = "sit", ["stood"] = "stand",
        ["left"] = "leave", ["lost"] = "lose", ["told"] = "tell", ["said"] = "say", ["heard"] = "hear",
    };

    /// <summary>Words that end in -ed but are no past tense: "feed the cat", "need milk", "shred papers".</summary>
    public static readonly HashSet<string> EdButNotPast = new(StringComparer.Ordinal)
    {
        "need", "feed", "seed", "weed", "bleed", "breed", "speed", "proceed", "succeed", "exceed", "shed", "shred", "sled", "bed", "red",
        "wed", "embed", "bred", "hundred", "sacred", "naked", "wicked", "kindred", "steed", "greed", "heed", "reed", "deed", "creed", "tweed",
    };

    /// <summary>Words that name no task: articles, "task", "please", "from my list".</summary>
    public static readonly HashSet<string> NoiseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "my", "task", "tasks", "item", "items", "one", "ones", "todo", "to-do", "todos", "thing", "things", "entry",
        "called", "named", "titled", "about", "that", "which", "says", "say", "with", "please", "of", "on", "list", "from", "as", "is",
        "it", "this", "for", "number", "no", "id", "#", "off", "anymore", "already", "finally", "just", "now", "also", "too", "yet",
        "out", "our", "your", "those", "these", "them", "reminder", "whole", "stuff", "up", "pls", "plz", "thanks", "actually", "again",
        "are", "was", "were", "be", "been", "has", "have", "had", "its", "there", "here", "any", "more", "longer", "needed", "need",
        "i", "we", "me", "us", "you", "at", "least", "to", "i'm", "im", "we're", "be", "being", "yes", "yay", "ok", "okay", "typo", "typos", "spelling", "mistake", "totally", "successfully", "bit", "so", "in", "am", "can", "should", "will",
    };

    /// <summary>Words between tasks named together ("groceries and the meeting notes").</summary>
    public static readonly HashSet<string> Joiners = new(StringComparer.Ordinal) { "and", "or", "&", "plus", "also" };

    /// <summary>Status words, negated ones first ("not done" is pending).</summary>
    public static readonly string[] PendingFirst =
        ["not done", "not finished", "not completed", "not complete", "undone", "incomplete", "unfinished", "haven't", "have not", "not yet", "yet to"];

    public static readonly string[] CompletedWords =
        ["completed", "done", "finished", "closed", "checked off", "ticked off", "accomplished", "crossed off", "did i finish", "did i complete",
         "have i finished", "have i completed", "i finished", "i completed", "i've finished", "i've completed"];

    public static readonly string[] PendingWords =
        ["pending", "left", "remaining", "remain", "remains", "open", "outstanding", "to do", "still", "upcoming", "unchecked", "active", "next", "due", "waiting"];

    /// <summary>Names of the list itself, taken out before status words are read ("my to do list" is not "to do").</summary>
    public static readonly string[] ListNames = ["todo list", "to-do list", "to do list", "task list"];

    /// <summary>Words that mean every task: "delete all completed".</summary>
    public static readonly HashSet<string> AllWords = new(StringComparer.Ordinal) { "all", "every", "everything", "each" };

    /// <summary>Numbers written as words name tasks as digits do: "complete task two". ("one" is "the groceries one".)</summary>
    public static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
    };

    public static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    public static readonly HashSet<string> LastWords = new(StringComparer.Ordinal) { "last", "latest", "newest", "final", "bottom" };

    /// <summary>Said after what to add, and not part of its title: "for me"; "to my list" is built from the words below.</summary>
    public static readonly string[] AddTails = ["as a task", "as a new task", "as a todo", "for me", "please", "thanks", "thank you", "pls"];

    /// <summary>"to my shopping list", "on the todo list", "into our tasks".</summary>
    public static readonly string[] ListKinds = ["todo", "to-do", "to do", "task", "shopping", "grocery", "reminders", "reminder"];

    public static readonly string[] ListNouns = ["list", "tasks", "todos", "to-dos", "agenda", "reminders", "todo list", "to-do list"];

    /// <summary>What a request to add may call the new task before naming it: "a new task called ...".</summary>
    public static readonly string[] AddArticles =
        ["a", "an", "the", "one more", "another", "one", "some", "a few", "two", "three", "four", "five", "2", "3", "4", "5", "these", "the following"];

    public static readonly string[] AddNouns = ["task", "todo", "to-do", "item", "reminder", "entry", "note", "thing", "one"];

    public static readonly string[] AddConnectors =
        ["to", "for", "called", "named", "titled", "about", "that says", "saying", "that i need to", "that i have to", "to remind me to", "reading"];

    /// <summary>Said before what to add, and not part of its title: "me to", "that I need to".</summary>
    public static readonly string[] AddFillers =
    [
        "to my list:", "to the list:", "to my todo list:", "to my to-do list:", "to my tasks:", "on my list:", "to list:", "to my list",
        "to the list", "to list", "on my list", "onto my list",
        "me to", "that i need to", "that i have to", "that i must", "that i should", "to", "about", "that", "i need to", "i have to",
        "myself to", "the following", "these", "this", "also", "called", "named", "titled", "saying", "that says", "for", "really",
        "definitely", "probably", "still", "actually", "maybe", "quickly", "seriously",
    ];

    /// <summary>Said at the end of a request, and not part of a new title: "rename 3 to Pay rent please".</summary>
    public static readonly string[] SignOffs = ["please", "thanks", "thank you", "pls", "plz", "thx"];

    /// <summary>"rename X to Y": the word before the new value.</summary>
    public static readonly string[] NewValueMarkers = ["to", "into", "as", "so it says", "so that it says", "to say", "to read", "to be", ":", "->", "=>", "\u2192", "say"];

    /// <summary>Said after what became of a task, and not part of it: "the eggs aren't needed anymore".</summary>
    public static readonly string[] FateTails =
        ["anymore", "any more", "now", "either", "after all", "already", "too", "finally", "at last", "today", "yay", "up", "out", "back"];

    /// <summary>"the groceries task should be called weekly shop": between a task and its new title.</summary>
    public static readonly string[] RenameMiddles =
        ["should be called", "should be named", "should be renamed to", "should say", "should read", "needs to be renamed to", "is now called", "will be called"];

    /// <summary>What the new value is of: a description rather than the title.</summary>
    public static readonly string[] DescriptionWords = ["description", "details", "detail", "comment", "comments"];

    /// <summary>A description only as "the notes of X" or "X's notes": "the meeting notes" is a title.</summary>
    public static readonly string[] NoteWords = ["note", "notes"];

    public static readonly string[] TitleWords = ["title", "name", "wording", "heading"];

    private static Lead[] Of(TaskIntent intent, params string[] phrases) => phrases.Select(p => new Lead(p, intent)).ToArray();
}
