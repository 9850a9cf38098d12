namespace ShoggothLens.Core.Work;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action on the reporting thread, at once. <see cref="Progress{T}"/>
/// posts to a synchronization context instead, so its reports can arrive after the work has returned.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

public static class ProgressExtensions
{
    /// <summary>Reports nothing when <paramref name="progress"/> is null.</summary>
    public static void Tell<T>(this IProgress<T>? progress, T value) => progress?.Report(value);

    /// <summary>Maps a stage's own progress values onto another record (e.g. an int count onto <see cref="WorkProgress"/>).</summary>
    public static IProgress<TInner> Map<TInner, TOuter>(this IProgress<TOuter>? progress, Func<TInner, TOuter> map) =>
        new InlineProgress<TInner>(value => progress?.Report(map(value)));
}
