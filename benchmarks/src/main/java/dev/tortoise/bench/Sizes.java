package dev.tortoise.bench;

/**
 * Data sizes of the workloads: the sizes for measured runs, tiny ones for the smoke test.
 *
 * @param readRows rows fetched by D, G and H (and the pool E and F pick from)
 * @param wideRows rows of the wide table
 * @param perTx inserts per transaction in B, rows touched per operation in I, J and K
 * @param bulkSmall rows of the smaller bulk insert (C)
 * @param bulkLarge rows of the larger bulk insert (C)
 * @param updateRows rows one queryset update changes (L)
 * @param parents parents of P1 and S
 * @param children children of P1 and S
 * @param items items of P2
 * @param tags tags of P2
 * @param tagsPerItem links per item in P2
 * @param aggRows rows grouped by AG
 * @param streamRows rows streamed by ST
 */
public record Sizes(int readRows, int wideRows, int perTx, int bulkSmall, int bulkLarge, int updateRows, int parents,
                    int children, int items, int tags, int tagsPerItem, int aggRows, int streamRows) {
    public static final Sizes FULL = new Sizes(1000, 1000, 100, 1000, 10_000, 1000, 100, 1000, 100, 100, 10, 10_000,
            100_000);
    public static final Sizes SMOKE = new Sizes(40, 20, 5, 20, 50, 10, 5, 20, 5, 10, 3, 100, 500);
}
