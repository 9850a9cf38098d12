using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis.Separation;
using ShoggothLens.Core.Roles;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;
namespace ShoggothLens.Workbench.Tests.Tmp;
public class LabelFreeSepTmp
{
    [Fact]
    public void Run()
    {
        var lines = new List<string>();
        foreach (var (run, verdictFeature, label) in new[] { ("/tmp/s6demo/d-s6d", 724, "trigger"), ("/tmp/gen/seed1", 963, "trigger"), ("/tmp/gen/seed2", 722, "trigger"),
                     ("/tmp/gen/seed3", 224, "trigger"), ("/tmp/gen/seed4", 1373, "trigger") })
        {
            var store = ActivationStoreReader.Open(run + "/store");
            var sae = SaeFiles.Load(run + "/sae");
            string hook = store.Hooks[0];
            int features = sae.Config.DSae;
            var trig = new HashSet<long>(); var docs = new SortedSet<long>();
            foreach (var chunk in store.ReadChunks())
            {
                int idx = -1; for (int i = 0; i < chunk.LabelNames.Count; i++) if (chunk.LabelNames[i] == label) idx = i;
                for (int i = 0; i < chunk.Tokens; i++)
                {
                    var k = chunk.RoleOf(i).Kind;
                    if (k == RoleKind.Assistant) docs.Add(chunk.DocumentIndices[i]);
                    if (k == RoleKind.User && idx >= 0 && (chunk.LabelBits[i] & (1u << idx)) != 0) trig.Add(chunk.DocumentIndices[i]);
                }
            }
            // Pass A: where the verdict's feature first fires in each reply (label-free cut).
            var first = new Dictionary<long, int>();
            StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) => chunk.RoleOf(i).Kind == RoleKind.Assistant ? (chunk.DocumentIndices[i], chunk.Positions[i]) : ((long, int)?)null,
                (t, codes) => { if (codes[verdictFeature] > 0 && (!first.TryGetValue(t.Item1, out int p) || t.Item2 < p)) first[t.Item1] = t.Item2; }, default, 2048);
            var order = docs.ToList(); var row = order.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
            var best = new float[(long)order.Count * features];
            StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) => chunk.RoleOf(i).Kind == RoleKind.Assistant && row.TryGetValue(chunk.DocumentIndices[i], out int r)
                && chunk.Positions[i] < (first.TryGetValue(chunk.DocumentIndices[i], out int p) ? p : int.MaxValue) ? r : (int?)null,
                (r, src) => { var t = best.AsSpan(r * features, features); for (int f = 0; f < features; f++) if (src[f] > t[f]) t[f] = src[f]; }, default, 2048);
            var pos = order.Select((d, i) => (d, i)).Where(x => trig.Contains(x.d)).Select(x => x.i).ToList();
            var neg = order.Select((d, i) => (d, i)).Where(x => !trig.Contains(x.d)).Select(x => x.i).ToList();
            var au = new (int F, double A)[features];
            for (int f = 0; f < features; f++)
                au[f] = (f, Auroc.Of(pos.Select(i => best[(long)i * features + f]).ToArray(), neg.Select(i => best[(long)i * features + f]).ToArray()));
            var set = au.Where(x => x.A >= 0.8).OrderByDescending(x => x.A).ToList();
            lines.Add($"{run}\t{string.Join(",", set.Select(x => x.F))}\t{string.Join(" ", set.Select(x => x.A.ToString("F3")))}");
        }
        File.WriteAllLines("/tmp/labelfree.tsv", lines);
    }
}
