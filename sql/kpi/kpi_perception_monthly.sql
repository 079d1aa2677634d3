-- kpi_perception_monthly: how customers rate us each month (NPS, CSAT and
-- CES survey answers) per touchpoint and segment, with 'all' roll-ups.
-- Every month has a row for every touchpoint x segment pair that has answers
-- in any month ('all' pairs included); no rows when no survey was exported.
-- Answers dated before the first reporting month are not shown. Roll-ups
-- count the answers again (they are not averages of the rows below them).
-- grain: one row per month x touchpoint x segment
-- key: month, touchpoint, segment
-- columns:
--   month: first day of the month the answer was given in (reporting time
--     zone)
--   period_end: last day of the month (the export date if partial)
--   is_complete: false for the current, partial month
--   touchpoint: where the survey was asked ('unknown' when not exported),
--     or 'all'
--   segment: the responding customer's current segment ('unassigned' for
--     anonymous answers and unknown customers), or 'all'
--   nps_responses: NPS answers (0-10 scale)
--   promoters: NPS answers scoring 9 or 10
--   passives: NPS answers scoring 7 or 8
--   detractors: NPS answers scoring 0 to 6
--   nps: Net Promoter Score = 100 x (promoters - detractors) / nps_responses,
--     from -100 to 100; NULL without NPS answers
--   csat_responses: CSAT answers (1-5 scale)
--   csat_satisfied: CSAT answers scoring csat_satisfied_min (config,
--     default 4) or more
--   csat: csat_satisfied / csat_responses (share 0-1); NULL without answers
--   csat_score_sum: sum of the CSAT scores (numerator of csat_mean)
--   csat_mean: csat_score_sum / csat_responses (1-5); NULL without answers
--   ces_responses: CES answers (1-7 scale, lower is easier)
--   ces_score_sum: sum of the CES scores (numerator of ces_mean)
--   ces_mean: ces_score_sum / ces_responses (1-7, lower is easier); NULL
--     without answers
--   ces_easy: CES answers scoring 1 to 3
--   ces_easy_share: ces_easy / ces_responses (share 0-1); NULL without
--     answers
with periods as (
    select
        period_start as month,
        period_end,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

customers as (
    select
        customer_id,
        segment
    from {{ ref('int_customers') }}
),

responses as (
    select
        responses.response_month as month,
        responses.touchpoint,
        coalesce(customers.segment, 'unassigned') as segment,
        responses.survey_type,
        responses.score
    from {{ ref('stg_survey_responses') }} as responses
    left join customers
        on responses.customer_id = customers.customer_id
),

groupings as (
    select
        all_touchpoints,
        all_segments
    from (
        values (false, false), (true, false), (false, true), (true, true)
    ) as g (all_touchpoints, all_segments)
),

response_levels as (
    select
        responses.month,
        case
            when groupings.all_touchpoints then 'all'
            else responses.touchpoint
        end as touchpoint,
        case
            when groupings.all_segments then 'all'
            else responses.segment
        end as segment,
        responses.survey_type,
        responses.score
    from responses
    cross join groupings
),

dimensions as (
    select distinct
        touchpoint,
        segment
    from response_levels
),

counts as (
    select
        month,
        touchpoint,
        segment,
        count(*) filter (where survey_type = 'nps') as nps_responses,
        count(*) filter (
            where survey_type = 'nps' and score >= 9
        ) as promoters,
        count(*) filter (
            where survey_type = 'nps' and score between 7 and 8
        ) as passives,
        count(*) filter (
            where survey_type = 'nps' and score <= 6
        ) as detractors,
        count(*) filter (where survey_type = 'csat') as csat_responses,
        count(*) filter (
            where survey_type = 'csat'
                and score >= {{ var('csat_satisfied_min') }}
        ) as csat_satisfied,
        sum(case when survey_type = 'csat' then score end) as csat_score_sum,
        count(*) filter (where survey_type = 'ces') as ces_responses,
        sum(case when survey_type = 'ces' then score end) as ces_score_sum,
        count(*) filter (
            where survey_type = 'ces' and score <= 3
        ) as ces_easy
    from response_levels
    group by month, touchpoint, segment
),

grid as (
    select
        periods.month,
        periods.period_end,
        periods.is_complete,
        dimensions.touchpoint,
        dimensions.segment,
        coalesce(counts.nps_responses, 0) as nps_responses,
        coalesce(counts.promoters, 0) as promoters,
        coalesce(counts.passives, 0) as passives,
        coalesce(counts.detractors, 0) as detractors,
        coalesce(counts.csat_responses, 0) as csat_responses,
        coalesce(counts.csat_satisfied, 0) as csat_satisfied,
        counts.csat_score_sum,
        coalesce(counts.ces_responses, 0) as ces_responses,
        counts.ces_score_sum,
        coalesce(counts.ces_easy, 0) as ces_easy
    from periods
    cross join dimensions
    left join counts
        on periods.month = counts.month
        and dimensions.touchpoint = counts.touchpoint
        and dimensions.segment = counts.segment
),

final as (
    select
        month,
        period_end,
        is_complete,
        touchpoint,
        segment,
        cast(nps_responses as bigint) as nps_responses,
        cast(promoters as bigint) as promoters,
        cast(passives as bigint) as passives,
        cast(detractors as bigint) as detractors,
        100 * {{ safe_div(promoters - detractors, nps_responses) }} as nps,
        cast(csat_responses as bigint) as csat_responses,
        cast(csat_satisfied as bigint) as csat_satisfied,
        {{ safe_div(csat_satisfied, csat_responses) }} as csat,
        cast(coalesce(csat_score_sum, 0) as bigint) as csat_score_sum,
        {{ safe_div(csat_score_sum, csat_responses) }} as csat_mean,
        cast(ces_responses as bigint) as ces_responses,
        cast(coalesce(ces_score_sum, 0) as bigint) as ces_score_sum,
        {{ safe_div(ces_score_sum, ces_responses) }} as ces_mean,
        cast(ces_easy as bigint) as ces_easy,
        {{ safe_div(ces_easy, ces_responses) }} as ces_easy_share
    from grid
)

select * from final
