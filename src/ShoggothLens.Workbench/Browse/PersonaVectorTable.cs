using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Browse;

/// <summary>The persona vectors of a catalog as a table: each vector's size and its cosine with every other.</summary>
public sealed record PersonaVectorTable(IReadOnlyList<string> Personas, IReadOnlyList<string> Roles, IReadOnlyList<long> Tokens,
    IReadOnlyList<double> Norms, double[,] Cosines, string Definition, string Hook)
{
    public static PersonaVectorTable Build(PersonaVectorSet set)
    {
        var v = set.Vectors;
        var cos = new double[v.Count, v.Count];
        for (int i = 0; i < v.Count; i++)
            for (int j = 0; j < v.Count; j++)
                cos[i, j] = Cosine(v[i].Vector, v[j].Vector);
        return new PersonaVectorTable(v.Select(x => x.Persona).ToList(), v.Select(x => x.Role).ToList(), v.Select(x => x.Tokens).ToList(),
            v.Select(x => x.Norm).ToList(), cos, set.Definition, set.Hook);
    }

    static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
