using TodoChat.Domain.Text;

namespace TodoChat.WebApi.Tests.Text;

/// <summary>The text rules themselves: pure code, no service.</summary>
public sealed class UserTextTests
{
    [TestCase("plain")]
    [TestCase("tab\tnewline\ncarriage return\r\n")]
    [TestCase("emoji 😀 and family 👨‍👩‍👧 and accents é")]
    [TestCase("\u007F DEL and \u0085 NEL are not C0", TestName = "{m}(DEL and NEL)")]
    public void ShouldAcceptText(string text) => Assert.That(UserText.Check(text), Is.EqualTo(TextFault.None));

    [TestCase("nul \0 inside", TestName = "{m}(NUL)")]
    [TestCase("\u0001", TestName = "{m}(U+0001)")]
    [TestCase("escape \u001B[31m red", TestName = "{m}(ESC)")]
    [TestCase("form feed \f", TestName = "{m}(FF)")]
    public void ShouldFindControlCharacters(string text) => Assert.That(UserText.Check(text), Is.EqualTo(TextFault.ControlCharacter));

    // Built at run time: attribute arguments are stored as UTF-8, which turns a lone surrogate into U+FFFD.
    public static IEnumerable<TestCaseData> LoneSurrogates =>
    [
        new TestCaseData("high \ud83d alone").SetArgDisplayNames("high alone"),
        new TestCaseData("low \ude00 alone").SetArgDisplayNames("low alone"),
        new TestCaseData("reversed \ude00\ud83d").SetArgDisplayNames("reversed"),
        new TestCaseData("ends in half \ud83d").SetArgDisplayNames("high at the end"),
    ];

    [TestCaseSource(nameof(LoneSurrogates))]
    public void ShouldFindLoneSurrogates(string text) => Assert.That(UserText.Check(text), Is.EqualTo(TextFault.LoneSurrogate));

    [Test]
    public void ShouldCutBeforeAnEmojiThatDoesNotFit()
    {
        var text = new string('a', 79) + "😀 and more";

        Assert.That(UserText.Truncate(text, 80), Is.EqualTo(new string('a', 79)));
    }

    [Test]
    public void ShouldCutBeforeAClusterThatDoesNotFitWhole()
    {
        var text = new string('a', 75) + "👨‍👩‍👧" + "e\u0301";

        Assert.That(UserText.Truncate(text, 80), Is.EqualTo(new string('a', 75)), "the family emoji is eight code units");
        Assert.That(UserText.Truncate(text, 83), Is.EqualTo(new string('a', 75) + "👨‍👩‍👧"));
        Assert.That(UserText.Truncate(text, 84), Is.EqualTo(new string('a', 75) + "👨‍👩‍👧"), "e and its accent stay together");
    }

    [Test]
    public void ShouldCutBetweenScalarsWhenNotEvenTheFirstClusterFits()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("\u0301", 10)) + "😀";

        var cut = UserText.Truncate("😀" + text, 1);

        Assert.That(cut, Is.Empty, "half an emoji is no character");
        Assert.That(UserText.Truncate(text, 5), Is.EqualTo(text[..5]));
        Assert.That(UserText.Check(UserText.Truncate(text, 12)), Is.EqualTo(TextFault.None));
    }

    [Test]
    public void ShouldCleanWhatCannotBeStored()
    {
        Assert.That(UserText.Clean("a\0b\ud83dc\td"), Is.EqualTo("a\uFFFDb\uFFFDc\td"));
        var fine = "fine 😀";
        Assert.That(UserText.Clean(fine), Is.SameAs(fine));
    }
}
