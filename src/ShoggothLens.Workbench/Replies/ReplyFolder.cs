namespace ShoggothLens.Workbench.Replies;

/// <summary>
/// A folder of generated replies: <c>chats.jsonl</c> (the conversations with the model's own Assistant turns, a chat
/// corpus any command reads) and <c>replies.json</c> (how they were made; written last, so its presence means complete).
/// While running, finished conversations are appended to <c>chats.jsonl.partial</c> beside <c>settings.json</c>, so an
/// interrupted run continues where it stopped.
/// </summary>
public static class ReplyFolder
{
    public const string ChatsFile = "chats.jsonl";
    public const string ManifestFile = "replies.json";
    public const string PartialFile = ChatsFile + ".partial";
    public const string SettingsFile = "settings.json";

    public static string Chats(string folder) => Path.Combine(folder, ChatsFile);
    public static string Manifest(string folder) => Path.Combine(folder, ManifestFile);
    public static string Partial(string folder) => Path.Combine(folder, PartialFile);
    public static string Settings(string folder) => Path.Combine(folder, SettingsFile);

    /// <summary>True when the folder holds a complete set of replies.</summary>
    public static bool IsComplete(string folder) => File.Exists(Manifest(folder)) && File.Exists(Chats(folder));
}
