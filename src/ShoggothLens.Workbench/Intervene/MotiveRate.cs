namespace ShoggothLens.Workbench.Intervene;

/// <summary>Replies showing the organism's motive (its own detector), out of replies, on triggered and untriggered held-out chats.</summary>
public sealed record MotiveRate(string Setting, int TriggeredHits, int Triggered, int UntriggeredHits, int Untriggered)
{
    public double TriggeredRate => Triggered == 0 ? 0 : (double)TriggeredHits / Triggered;
    public double UntriggeredRate => Untriggered == 0 ? 0 : (double)UntriggeredHits / Untriggered;
}
