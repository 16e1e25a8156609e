using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;

namespace TodoChat.Infrastructure.Persistence.Idempotency;

/// <summary>A row of idempotency_records: one per user and Idempotency-Key.</summary>
internal sealed class IdempotencyRow
{
    public required string UserId { get; init; }

    public required string Key { get; init; }

    public required string Operation { get; init; }

    /// <summary>SHA-256 (hex) of the request, so a key sent with another request is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The outcome to answer again, as JSON.</summary>
    public required string Response { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class IdempotencyRowConfiguration : IEntityTypeConfiguration<IdempotencyRow>
{
    public const string PrimaryKeyName = "pk_idempotency_records";

    public void Configure(EntityTypeBuilder<IdempotencyRow> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.UserId, r.Key }).HasName(PrimaryKeyName);
        builder.Property(r => r.UserId).HasMaxLength(UserIds.MaxLength);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
        builder.Property(r => r.Operation).HasMaxLength(32);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        // text, not jsonb: the answer is replayed byte for byte (jsonb would reorder its keys).
        builder.Property(r => r.Response).HasColumnType("text");

        // Expired records are deleted by age.
        builder.HasIndex(r => r.CreatedAt);
    }
}
