namespace ShoggothLens.Workbench.Replies;

/// <summary>What <see cref="ReplyWorkflow.Run"/> did.</summary>
/// <param name="Output">The output folder.</param>
/// <param name="Chats">The generated chat corpus (<see cref="ReplyFolder.ChatsFile"/>).</param>
/// <param name="AlreadyComplete">The folder held a complete run with the same settings: nothing was generated.</param>
/// <param name="Conversations">Conversations written.</param>
/// <param name="Replies">Assistant turns generated.</param>
/// <param name="Resumed">Conversations found done in the partial file and not generated again.</param>
/// <param name="TooLong">Conversations left out because a prompt exceeded the model's positions less the reply limit.</param>
/// <param name="NewTokens">Tokens generated (this run).</param>
/// <param name="Unfinished">Replies cut at the token limit rather than ending by themselves.</param>
/// <param name="MotiveReplies">Replies the organism's detector labelled (null without an organism).</param>
/// <param name="Seconds">Wall time of this run.</param>
public sealed record ReplyResult(
    string Output,
    string Chats,
    bool AlreadyComplete,
    int Conversations,
    int Replies,
    int Resumed,
    int TooLong,
    long NewTokens,
    int Unfinished,
    int? MotiveReplies,
    double Seconds)
{
    public double TokensPerSecond => Seconds > 0 ? NewTokens / Seconds : 0;
}
