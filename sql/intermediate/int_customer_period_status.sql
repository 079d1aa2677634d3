-- int_customer_period_status: where each customer stands in each reporting
-- period, the rows the reconciliation sheet counts. Sets per period:
-- S = active on the day before the period, A = acquired in the period,
-- R = acquired earlier, not in S, active on some day of the period,
-- E = active on the period's last day. S, A and R are disjoint and E lies in
-- their union, so |S| + |A| + |R| - |lost| = |E| with lost = (S+A+R) - E.
-- grain: one row per period_type x period_start x customer_id, for customers
--   in S, A, R or E
-- key: period_type, period_start, customer_id
-- columns:
--   period_type: month, quarter or year
--   period_start: first day of the period
--   customer_id: CRM customer id
--   segment: the customer's segment
--   is_active_at_start: in S
--   is_acquired: in A
--   is_reactivated: in R
--   is_active_at_end: in E
--   is_lost: in S, A or R but not in E
--   is_lost_from_start: in S but not in E
-- Method: a spell touches a period when it covers a day from the day before the
-- period to the period's last day; those periods run from the one holding
-- spell_start to the one holding the day after spell_end, so each spell's
-- periods are counted out arithmetically (no spells x periods range join).
-- Spells of a customer are disjoint and not adjacent, so each touched period
-- is given to one spell, the last one starting by the period's end: that
-- spell alone decides E and activity inside the period, and decides S unless
-- it starts inside the period (then S is whether the customer was active the
-- day before that period, carried from the spell before). Periods with an
-- acquisition but no spell are added from the customers. No row is built
-- twice, so no aggregation or full outer join is needed.
with periods as (
    select
        period_type,
        period_start,
        period_end,
        day_before_start,
        {{ period_number(period_type, period_start) }} as period_month_number
    from {{ ref('int_periods') }}
),

period_types as (
    select
        period_type,
        months_in_period
    from (
        values ('month', 1), ('quarter', 3), ('year', 12)
    ) as t (period_type, months_in_period)
),

customers as (
    select
        customer_id,
        acquisition_date,
        segment
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

-- spells starting after the export date touch no period; each with the
-- spells around it
spells as (
    select
        customer_id,
        spell_start,
        spell_end,
        lag(spell_start) over (
            partition by customer_id
            order by spell_start
        ) as previous_spell_start,
        lag(spell_end) over (
            partition by customer_id
            order by spell_start
        ) as previous_spell_end,
        lead(spell_start) over (
            partition by customer_id
            order by spell_start
        ) as next_spell_start
    from {{ ref('int_activity_spells') }}
    where spell_start <= {{ var('as_of') }}
),

-- every customer with each of their spells (one row without a spell when
-- they have none)
customer_spells as (
    select
        customers.customer_id,
        customers.acquisition_date,
        customers.segment,
        spells.spell_start,
        spells.spell_end,
        spells.previous_spell_start,
        spells.previous_spell_end,
        spells.next_spell_start
    from customers
    left join spells
        on customers.customer_id = spells.customer_id
),

-- each spell once per period type. S for the period holding spell_start:
-- whether the spell before covers the day before that period. When that
-- spell starts in the same period, S is the same as for it, so the first
-- spell starting in the period decides. A customer's first spell has no
-- spell before it.
spell_openings as (
    select
        customer_spells.customer_id,
        customer_spells.acquisition_date,
        customer_spells.segment,
        customer_spells.spell_start,
        customer_spells.spell_end,
        customer_spells.next_spell_start,
        period_types.period_type,
        period_types.months_in_period,
        false as is_active_before_first_period
    from customer_spells
    cross join period_types
    where customer_spells.spell_start is not null
        and customer_spells.previous_spell_start is null
    union all
    select
        customer_id,
        acquisition_date,
        segment,
        spell_start,
        spell_end,
        next_spell_start,
        period_type,
        months_in_period,
        first_value(
            previous_spell_start <= {{ add_days(first_period_start, -1) }}
            and previous_spell_end >= {{ add_days(first_period_start, -1) }}
        ) over (
            partition by customer_id, period_type, first_period_start
            order by spell_start
        ) as is_active_before_first_period
    from (
        select
            customer_spells.*,
            period_types.period_type,
            period_types.months_in_period,
            case period_types.period_type
                when 'month' then {{ month_start(customer_spells.spell_start) }}
                when 'quarter'
                    then {{ quarter_start(customer_spells.spell_start) }}
                else {{ year_start(customer_spells.spell_start) }}
            end as first_period_start
        from customer_spells
        cross join period_types
        where customer_spells.previous_spell_start is not null
    ) as later_spells
),

-- per spell and period type, periods as year * 12 + month of their first
-- month: the period holding spell_start, the one holding the day after
-- spell_end (capped at the export date) and the one holding the next
-- spell's start
spell_spans as (
    select
        customer_id,
        acquisition_date,
        segment,
        spell_start,
        spell_end,
        period_type,
        months_in_period,
        is_active_before_first_period,
        {{ period_number(period_type, spell_start) }}
            as first_period_month_number,
        {{ period_number(period_type, day_after_spell) }}
            as after_period_month_number,
        {{ period_number(period_type, next_spell_start) }}
            as next_period_month_number
    from (
        select
            spell_openings.*,
            case
                when spell_end >= {{ var('as_of') }} then {{ var('as_of') }}
                else {{ add_days(spell_end, 1) }}
            end as day_after_spell
        from spell_openings
    ) as spell_days
),

-- the periods each spell is given: those it touches before the period the
-- next spell starts in
spell_ranges as (
    select
        customer_id,
        acquisition_date,
        segment,
        spell_start,
        spell_end,
        period_type,
        is_active_before_first_period,
        first_period_month_number,
        case
            when next_period_month_number <= after_period_month_number
                then next_period_month_number - months_in_period
            else after_period_month_number
        end as last_period_month_number
    from spell_spans
),

spell_periods as (
    select
        periods.period_type,
        periods.period_start,
        spell_ranges.customer_id,
        spell_ranges.segment,
        spell_ranges.acquisition_date >= periods.period_start
        and spell_ranges.acquisition_date <= periods.period_end
            as is_acquired,
        case
            when spell_ranges.spell_start <= periods.day_before_start then true
            else spell_ranges.is_active_before_first_period
        end as is_active_at_start,
        spell_ranges.spell_end >= periods.period_start as is_active_during,
        spell_ranges.spell_end >= periods.period_end as is_active_at_end
    from spell_ranges
    inner join periods
        on spell_ranges.period_type = periods.period_type
        and periods.period_month_number
            >= spell_ranges.first_period_month_number
        and periods.period_month_number
            <= spell_ranges.last_period_month_number
),

-- customers whose first spell, if any, starts after their acquisition
-- month: their acquisition month, quarter or year may have no spell
late_starters as (
    select
        customer_id,
        acquisition_date,
        segment,
        spell_start as first_spell_start
    from customer_spells
    where previous_spell_start is null
        and (
            spell_start is null
            or {{ month_start(spell_start) }}
            > {{ month_start(acquisition_date) }}
        )
),

-- acquisition periods that no spell touches (spells start on or after the
-- acquisition date, so the first spell tells)
acquisition_periods as (
    select
        periods.period_type,
        periods.period_start,
        late_starters.customer_id,
        late_starters.segment,
        true as is_acquired,
        false as is_active_at_start,
        false as is_active_during,
        false as is_active_at_end
    from late_starters
    cross join period_types
    inner join periods
        on period_types.period_type = periods.period_type
        and {{ period_number(period_types.period_type,
            late_starters.acquisition_date) }} = periods.period_month_number
    where late_starters.acquisition_date <= periods.period_end
        and (
            late_starters.first_spell_start is null
            or late_starters.first_spell_start > periods.period_end
        )
),

combined as (
    select
        period_type,
        period_start,
        customer_id,
        segment,
        is_acquired,
        is_active_at_start,
        is_active_during,
        is_active_at_end
    from spell_periods
    union all
    select
        period_type,
        period_start,
        customer_id,
        segment,
        is_acquired,
        is_active_at_start,
        is_active_during,
        is_active_at_end
    from acquisition_periods
),

final as (
    select
        period_type,
        period_start,
        customer_id,
        segment,
        is_active_at_start,
        is_acquired,
        not is_active_at_start and not is_acquired and is_active_during
            as is_reactivated,
        is_active_at_end,
        (is_active_at_start or is_acquired or is_active_during)
            and not is_active_at_end as is_lost,
        is_active_at_start and not is_active_at_end as is_lost_from_start
    from combined
)

select * from final
