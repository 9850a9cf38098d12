using System.Buffers.Binary;
using ShoggothLens.Web.Auth;

namespace ShoggothLens.Web.Tests.Auth;

public sealed class AccessPasswordsTests
{
    static readonly AccessUser Ada = new("ada", AccessPasswords.Hash("s3cret horse"), AccessRoles.Reviewer);

    [Fact]
    public void A_hash_verifies_its_password_only()
    {
        Assert.True(AccessPasswords.Verify(Ada, "s3cret horse"));
        Assert.False(AccessPasswords.Verify(Ada, "s3cret horse "));
        Assert.False(AccessPasswords.Verify(Ada, ""));
        Assert.False(AccessPasswords.Verify(null, "s3cret horse"));
        Assert.False(AccessPasswords.Verify(Ada with { PasswordHash = "not base64 !" }, "s3cret horse"));
    }

    [Fact]
    public void Hashes_are_salted_pbkdf2_sha512_with_100000_iterations()
    {
        byte[] a = Convert.FromBase64String(AccessPasswords.Hash("same")), b = Convert.FromBase64String(AccessPasswords.Hash("same"));
        Assert.NotEqual(a, b);   // a fresh salt each time
        // Identity v3 layout: 0x01, PRF (2 = HMAC-SHA512), iteration count, salt length (16), salt, subkey (32), big-endian.
        Assert.Equal(0x01, a[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(1)));
        Assert.Equal(100_000u, BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(5)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(9)));
        Assert.Equal(1 + 4 + 4 + 4 + 16 + 32, a.Length);
    }
}
