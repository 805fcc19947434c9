<TS/>
