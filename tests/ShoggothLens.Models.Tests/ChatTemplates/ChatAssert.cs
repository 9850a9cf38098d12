using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;

namespace ShoggothLens.Models.Tests.ChatTemplates;

/// <summary>Conversations the template tests share, and checks on rendered chats.</summary>
public static class ChatAssert
{
    public static readonly ChatMessage Sys = ChatMessage.System("Be kind.");
    public static readonly ChatMessage Usr = ChatMessage.User("Hi there");
    public static readonly ChatMessage Asst = ChatMessage.Assistant("Hello!");
    public static readonly ChatMessage Usr2 = ChatMessage.User("More?");

    /// <summary>
    /// The chat's text and spans are exactly <paramref name="expected"/>, read as consecutive
    /// (role, text) pieces: so text, span boundaries and roles are all checked.
    /// </summary>
    public static void Rendered(RenderedChat chat, params (Role Role, string Text)[] expected)
    {
        Assert.Equal(string.Concat(expected.Select(e => e.Text)), chat.Text);
        Assert.Equal(expected, chat.Spans.Select(s => (s.Role, chat.Text[s.Start..s.End])));
        Covers(chat);
    }

    /// <summary>Spans run from 0 to the end without gaps, none empty, neighbours of different roles.</summary>
    public static void Covers(RenderedChat chat)
    {
        int at = 0;
        for (int i = 0; i < chat.Spans.Count; i++)
        {
            var span = chat.Spans[i];
            Assert.Equal(at, span.Start);
            Assert.True(span.End > span.Start, $"span {i} is empty");
            if (i > 0)
                Assert.NotEqual(chat.Spans[i - 1].Role, span.Role);
            at = span.End;
        }
        Assert.Equal(chat.Text.Length, at);
    }

    public static (Role, string) T(string text) => (Role.Template, text);
    public static (Role, string) S(string text) => (Role.System, text);
    public static (Role, string) U(string text) => (Role.User, text);
    public static (Role, string) A(string text) => (Role.Assistant, text);
}
