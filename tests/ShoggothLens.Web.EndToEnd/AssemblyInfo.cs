// One server and one browser at a time: the CI box has 2 cores, and timing-sensitive UI waits stay predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
