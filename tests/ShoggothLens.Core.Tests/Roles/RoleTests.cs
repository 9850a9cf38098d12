using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Roles;

public class RoleTests
{
    [Theory]
    [InlineData("Assistant")]
    [InlineData("User")]
    [InlineData("System")]
    [InlineData("Template")]
    [InlineData("Narration")]
    [InlineData("Persona(spy)")]
    [InlineData("Persona(Old Captain)")]
    public void ParseReadsWhatToStringWrites(string text) => Assert.Equal(text, Role.Parse(text).ToString());

    [Fact]
    public void PersonasWithDifferentNamesDiffer()
    {
        Assert.Equal(Role.Persona("spy"), Role.Persona("spy"));
        Assert.NotEqual(Role.Persona("spy"), Role.Persona("baker"));
        Assert.NotEqual(Role.Assistant, Role.User);
    }

    [Fact]
    public void OutsideMeansPersonaOrNarration()
    {
        Assert.True(Role.Persona("spy").IsOutsideAssistant);
        Assert.True(Role.Narration.IsOutsideAssistant);
        Assert.False(Role.Assistant.IsOutsideAssistant);
        Assert.False(Role.User.IsOutsideAssistant);
        Assert.False(Role.Template.IsOutsideAssistant);
    }

    [Theory]
    [InlineData("Persona")]
    [InlineData("Persona()")]
    [InlineData("assistant")]
    [InlineData("Bystander")]
    public void ParseRejectsWhatIsNotARole(string text) =>
        Assert.ThrowsAny<Exception>(() => Role.Parse(text));

    [Fact]
    public void ChatRolesMapAndUnknownOnesAreRefused()
    {
        Assert.Equal(Role.Assistant, Role.FromChatRole("ASSISTANT"));
        Assert.Equal(Role.System, Role.FromChatRole("system"));
        var e = Assert.Throws<ArgumentException>(() => Role.FromChatRole("tool"));
        Assert.Contains("tool", e.Message);
    }
}
