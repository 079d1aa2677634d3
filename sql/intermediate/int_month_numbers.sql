-- int_month_numbers: the whole numbers 0..1199, for month spines and
-- months-since-acquisition grids (100 years), built portably from VALUES.
-- grain: one row per number
-- key: n
-- columns:
--   n: a whole number from 0 to 1199
with digits as (
    select d
    from (
        values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)
    ) as t (d)
),

final as (
    select units.d + 10 * tens.d + 100 * hundreds.d as n
    from digits as units
    cross join digits as tens
    cross join digits as hundreds
    union all
    select 1000 + units.d + 10 * tens.d + 100 * hundreds.d as n
    from digits as units
    cross join digits as tens
    cross join digits as hundreds
    where hundreds.d < 2
)

select * from final
