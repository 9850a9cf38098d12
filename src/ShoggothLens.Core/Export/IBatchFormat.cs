using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Core.Export;

/// <summary>One batch-file format of <c>shoggoth export</c>: how a batch is written and how a file left by an earlier run is checked.</summary>
public interface IBatchFormat
{
    /// <summary>File extension without the dot (batch files are <c>batch-N.EXT</c>).</summary>
    string Extension { get; }

    /// <summary>Writes the batch's features, in id order, to <paramref name="output"/>. Called with one feature at a time from the catalog.</summary>
    void Write(Stream output, CatalogMetadata metadata, IEnumerable<FeatureStatistics> features);

    /// <summary>
    /// Whether <paramref name="path"/> is a complete batch file of this format holding exactly features
    /// [<paramref name="from"/>, <paramref name="to"/>) in order (a file cut short, damaged, or from a run with
    /// another range or batch size is not).
    /// </summary>
    bool IsComplete(string path, int from, int to);
}
