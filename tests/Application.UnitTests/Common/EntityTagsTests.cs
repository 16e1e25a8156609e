using TodoChat.Application.Common;

namespace TodoChat.Application.UnitTests.Common;

/// <summary>RFC 9110's If-None-Match with the weak comparison: W/ does not matter, * matches anything, any tag of a list may match.</summary>
public sealed class EntityTagsTests
{
    private const string Current = "W/\"c1-42-7\"";

    [TestCase("W/\"c1-42-7\"")]
    [TestCase("\"c1-42-7\"")]
    [TestCase("*")]
    public void ShouldFailTheConditionForTheCurrentTagHoweverItIsMarked(string sent) =>
        Assert.That(EntityTags.NoneMatchFails(Current, [sent]), Is.True);

    [TestCase("W/\"c1-42-6\"")]
    [TestCase("\"c1-42-7")]
    [TestCase("W/W/\"c1-42-7\"")]
    [TestCase("")]
    public void ShouldPassTheConditionForAnyOtherTag(string sent) =>
        Assert.That(EntityTags.NoneMatchFails(Current, [sent]), Is.False);

    [Test]
    public void ShouldFailTheConditionWhenAnyTagOfTheListMatches() =>
        Assert.That(EntityTags.NoneMatchFails(Current, ["W/\"old\"", "\"c1-42-7\"", "W/\"older\""]), Is.True);

    [Test]
    public void ShouldPassTheConditionWithoutIfNoneMatch()
    {
        Assert.That(EntityTags.NoneMatchFails(Current, null), Is.False);
        Assert.That(EntityTags.NoneMatchFails(Current, []), Is.False);
    }
}
